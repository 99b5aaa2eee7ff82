export type { NemesisPackage } from './package.js';
export { noNemesis } from './package.js';
export { buildNemesis, FAULT_NAMES, type NemesisRequest } from './build.js';
export { faultSchedule, healEverything, stepsOf, type FaultSteps, type SchedulableFault } from './schedule.js';
export { AIMED_FAULT_KINDS } from './faults/aimed.js';
export { NODE_SPECS, selectNodes, type NodeSpec } from './node-selection.js';
export { TOPOLOGIES, type Topology } from './faults/partition.js';
export type { FaultEnvironment, FaultKind } from './faults/fault-kind.js';
export type {
  ClockSkewable, ContainerNeeds, Endpoint, Grudge, NodeCommand, NodeInfo, NodePlacement, NodeRuntime, Partitionable, Pausable, RuntimePlacement,
} from './runtime.js';
export { dialAddress, isClockSkewable, isPartitionable, isPausable } from './runtime.js';
export {
  bisect, bridge, completeGrudge, explicitGrudge, halves, invertGrudge, isolate, isolateRandom, majoritiesRing, majority, noGrudge, randomHalves, validateGrudge,
} from './grudge.js';
export { LocalRuntime, healLeftovers, type HealOptions, type HealReport, type LocalRuntimeOptions } from './local.js';
