import type { AppendReply, Command, KvRequest, PeerRequest, Role, SnapshotReply } from '../../protocol/messages.js';
import type { NodeConfig } from '../args.js';
import type { BugSet } from '../bugs.js';
import type { NodeLogger } from '../logger.js';
import type { KvStateMachine } from '../state-machine.js';
import type { SnapshotStore } from '../storage/snapshot-store.js';
import type { DurableWaiters } from './durable-waiters.js';
import type { Proposals } from './proposals.js';
import type { RaftLog } from './raft-log.js';
import type { ReadIndexQueue } from './read-index.js';
import type { Respond } from './outcome.js';

// The member as the protocol steps see it. election.ts, follower.ts, leader.ts, requests.ts,
// snapshots.ts and forwarder.ts work on this interface, which node.ts implements; none of them
// imports the node itself, so the node can import every step without a circle.

export interface PeerNetwork {
  /** False when the message was not handed to a connection (none open, or its queue is full). */
  send(peer: string, message: PeerRequest): boolean;
  isConnected(peer: string): boolean;
}

/** What the node asks of its leadership of one term (leader.ts). */
export interface LeaderRole {
  readonly reads: ReadIndexQueue;
  start(): void;
  close(error: string): void;
  read(serve: () => void, fail: (error: string) => void): void;
  propose(command: Command, respond?: Respond): number;
  onAppendReply(from: string, reply: AppendReply): void;
  onSnapshotReply(from: string, reply: SnapshotReply): void;
  onPeerDisconnected(peer: string): void;
  maybeCommit(): void;
}

/** Passing a client request to the leader (forwarder.ts). */
export interface RequestForwarding {
  forward(request: KvRequest, respond: Respond): void;
}

export interface RaftMember {
  readonly id: string;
  readonly peers: readonly string[];
  readonly quorum: number;
  readonly config: NodeConfig;
  readonly bugs: BugSet;
  readonly logger: NodeLogger;
  readonly snapshots: SnapshotStore;
  readonly log: RaftLog;
  readonly network: PeerNetwork;
  readonly sm: KvStateMachine;
  readonly proposals: Proposals;
  readonly forwards: RequestForwarding;
  readonly durableWaiters: DurableWaiters;
  term: number;
  votedFor: string | null;
  role: Role;
  leaderId: string | null;
  commitIndex: number;
  lastApplied: number;
  leadership: LeaderRole | null;
  /** Votes collected while a candidate. */
  votes: Set<string> | null;
  /** Term and vote reach the disk before anything that depends on them is sent. */
  setTermAndVote(term: number, votedFor: string | null): void;
  /** Adopts a newer term seen in any message; returns true if it was newer. */
  observeTerm(term: number): boolean;
  becomeFollower(leader: string | null): void;
  setLeader(leader: string | null): void;
  /** A valid AppendEntries or InstallSnapshot from the leader of `term`. */
  acceptLeader(term: number, leader: string): void;
  resetElectionTimer(): void;
  /** Runs `fire` once the log is durable through `index`. */
  whenDurable(index: number, fire: () => void): void;
  truncateLogFrom(index: number): void;
  advanceCommitTo(index: number): void;
}
