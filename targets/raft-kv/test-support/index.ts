// Real raft-kv clusters for tests.
export { untilOk } from './eventually.js';
export { RaftCluster } from './raft-cluster.js';
export type { RaftClusterOptions } from './raft-cluster.js';
export { trackClusters } from './track.js';
export type { ClusterTracker } from './track.js';
