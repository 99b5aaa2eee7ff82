// The Raft protocol itself: roles and terms (node), elections, the leader's replication and
// ReadIndex reads, the follower's side, and the routing of client requests.
export { CommitReporter } from './commit-reporter.js';
export { DurableWaiters } from './durable-waiters.js';
export { ElectionTimer } from './election-timer.js';
export { handleVoteReply, handleVoteRequest, startElection } from './election.js';
export { handleAppend, handleInstallSnapshot } from './follower.js';
export { Forwarder } from './forwarder.js';
export { Leadership } from './leader.js';
export { RaftNode } from './node.js';
export type { RaftNodeDeps } from './node.js';
export type { LeaderRole, PeerNetwork, RaftMember, RequestForwarding } from './member.js';
export type { Outcome, Respond } from './outcome.js';
export { PeerProgress } from './peer-progress.js';
export type { ProgressState } from './peer-progress.js';
export { Proposals } from './proposals.js';
export { RaftLog } from './raft-log.js';
export { ReadIndexQueue } from './read-index.js';
export { ReadLease } from './read-lease.js';
export { submitRequest } from './requests.js';
export { installSnapshot, takeSnapshotIfDue } from './snapshots.js';
