// Systems under test. A user's own target is a module whose default export is a `Target`.
export type {
  CheckerSpec,
  Client,
  ClusterSizing,
  ClusterSpec,
  Completion,
  FaultKindFactory,
  HasFaultKinds,
  HasLeftovers,
  HasPrimary,
  Invocation,
  Target,
  TargetContext,
  TargetFlag,
  Workload,
  WorkloadOptions,
} from '../core/target.js';
export { clusterNodeNames, hasFaultKinds, hasLeftovers, hasPrimary, nodeForProcess, nodeForWorker, runsNodes } from '../core/target.js';
export { bundledTarget, bundledTargets } from './registry.js';
export { memoryTarget } from './memory/index.js';
export { raftKvTarget } from './raft-kv/target.js';
export { postgresTarget } from './postgres/index.js';
export { redisLockTarget } from './redis-lock/index.js';
