export type { NemesisPackage } from './package.js';
export { noNemesis } from './package.js';
export { buildNemesis, type NemesisRequest } from './build.js';
export type { ClockSkewable, Grudge, NodeCommand, NodeInfo, NodeRuntime, Partitionable, Pausable } from './runtime.js';
export { isClockSkewable, isPartitionable, isPausable } from './runtime.js';
