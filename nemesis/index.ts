export type { NemesisPackage } from './package.js';
export { noNemesis } from './package.js';
export { buildNemesis, FAULT_NAMES, type NemesisRequest } from './build.js';
export { faultSchedule, healEverything, stepsOf, type FaultSteps, type SchedulableFault } from './schedule.js';
export { AIMED_FAULT_KINDS } from './faults/aimed.js';
export { NODE_SPECS, selectNodes, type NodeSpec } from './node-selection.js';
export { TOPOLOGIES, type Topology } from './faults/partition.js';
export type { FaultEnvironment, FaultKind } from '../core/target.js';
export type {
  ClockSkewable,
  ContainerNeeds,
  Endpoint,
  FaultCheck,
  FaultOutcome,
  FaultType,
  FaultVerifying,
  Grudge,
  LinkExpectation,
  NodeCommand,
  NodeInfo,
  NodePlacement,
  NodeRuntime,
  PacketBehaviour,
  PacketShapeable,
  Partitionable,
  Pausable,
  RuntimePlacement,
} from '../core/runtime.js';
export { dialAddress, isClockSkewable, isFaultVerifying, isPacketShapeable, isPartitionable, isPausable } from '../core/runtime.js';
export { DEFAULT_PACKET_LOSS } from './faults/packet.js';
export type { EffectOutcome, FaultEffect } from './verify/effects.js';
export type { FaultSummary, KindEffects, Reason } from './verify/summary.js';
export { clockReach, type ClockReach } from './clock/reach.js';
export {
  bisect,
  bridge,
  completeGrudge,
  explicitGrudge,
  halves,
  invertGrudge,
  isolate,
  isolateRandom,
  majoritiesRing,
  majority,
  noGrudge,
  randomHalves,
  validateGrudge,
} from './grudge.js';
export { LocalRuntime, healLeftovers, type HealOptions, type HealReport, type LocalRuntimeOptions } from './local.js';
