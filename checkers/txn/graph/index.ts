export { SearchBudget } from './budget.js';
export type { BudgetLimits } from './budget.js';
export { anyCycle, searchComponent } from './component-search.js';
export type { ComponentCycle, ComponentSearchResult } from './component-search.js';
export { buildCsr, mergeParallelEdges } from './csr.js';
export type { Csr, CsrBuffers } from './csr.js';
export { CYCLE_AUTOMATA, buildCycleAutomaton, classifyCycle, cycleTypeName } from './cycle-automata.js';
export type { CycleAutomaton, CycleShape, CycleVariant } from './cycle-automata.js';
export { CycleSearcher, OUT_OF_BUDGET, splitClosedWalk } from './cycle-search.js';
export type { FoundCycle, SearchOutcome, TypedCycle } from './cycle-search.js';
export {
  EDGE_KIND_NAMES,
  KIND_COUNT,
  KIND_PROCESS,
  KIND_REALTIME,
  KIND_RW,
  KIND_WR,
  KIND_WW,
  PROCESS,
  REALTIME,
  RW,
  WR,
  WW,
} from './edge-kinds.js';
export type { EdgeKind } from './edge-kinds.js';
export { EdgeList } from './edge-list.js';
export { inducedSubgraph } from './local-graph.js';
export { cyclicComponents, hasCycle } from './tarjan.js';
