// Real raft-kv clusters for tests.
export { ProcessRuntime } from './process-runtime.js';
export type { ProcessRuntimeOptions } from './process-runtime.js';
export { RaftCluster } from './raft-cluster.js';
export type { RaftClusterOptions } from './raft-cluster.js';
export { trackClusters } from './track.js';
export type { ClusterTracker } from './track.js';
