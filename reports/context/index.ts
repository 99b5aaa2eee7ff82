// Anomalies in context: the node and the faults behind each anomaly's operations, fault coverage,
// and which node each client worker was bound to. A layer above the checkers' results.
export { anomalyContext, NO_NODE, operationInContext } from './anomaly-context.js';
export type { AnomalyContext, AnomalyInContext, FaultWindowInContext, OperationInContext, OutcomeCounts } from './anomaly-context.js';
export { anomalyRefs } from './anomaly-refs.js';
export type { AnomalyRef, OperationRef } from './anomaly-refs.js';
export { activeAt, faultForNode, faultsAt, faultsInContext, faultSpan } from './fault-context.js';
export type { FaultInContext } from './fault-context.js';
export { anomaliesInContextBlock, faultCoverageSection } from './context-html.js';
export { clientNodes, clientNodesSection } from './client-nodes.js';
export type { ClientNodes, NodeAssignment } from './client-nodes.js';
export { contextSections, withAnomalyContext } from './report-parts.js';
export type { ContextSections } from './report-parts.js';
