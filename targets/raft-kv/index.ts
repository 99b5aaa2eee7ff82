// raft-kv: faultline's bundled Raft key-value store. What the harness uses: a client, how to
// launch a node, how to wait for a leader, and the names of the seeded bugs.
export { RaftKvClient } from './client.js';
export type { KvOutcome, RaftKvClientOptions } from './client.js';
export { RAFT_SERVER_ENTRY, raftNodeCommand } from './launch.js';
export type { RaftNodeOptions } from './launch.js';
export type { KvKey, KvValue, NodeStatus, Role } from './protocol/messages.js';
export { BUG_NAMES, BUG_SUMMARIES, isBugName } from './server/bugs.js';
export type { BugName } from './server/bugs.js';
export { waitForLeader } from './wait-for-leader.js';
export type { ClusterLeader, ClusterMember, WaitForLeaderOptions } from './wait-for-leader.js';
