// The wire vocabulary of raft-kv: what clients say to a node, and what nodes say to each other.
// Every message is one JSON object per line (see framing.ts); the first line of a connection
// is a Hello that says whether a client or a peer is speaking.

export type KvKey = string | number;
export type KvValue = string | number;

export type Hello = { hello: 'client' } | { hello: 'peer'; from: string };

/** What the state machine applies; `noop` is the entry a new leader commits to learn the commit index. */
export type Command =
  | { op: 'noop' }
  | { op: 'write'; key: KvKey; value: KvValue }
  | { op: 'append'; key: KvKey; value: KvValue }
  | { op: 'cas'; key: KvKey; from: KvValue; to: KvValue };

export interface LogEntry {
  index: number;
  term: number;
  command: Command;
}

/** The state machine as of `index`; `data` lists key/value pairs with their JSON types kept. */
export interface Snapshot {
  index: number;
  term: number;
  data: Array<[KvKey, KvValue]>;
}

export type KvRequest =
  | { id: number; op: 'read'; key: KvKey }
  | { id: number; op: 'write'; key: KvKey; value: KvValue }
  | { id: number; op: 'append'; key: KvKey; value: KvValue }
  | { id: number; op: 'cas'; key: KvKey; from: KvValue; to: KvValue };

export type ClientRequest = KvRequest | { id: number; op: 'status' };

/**
 * `definite: true` promises the operation did not take effect and never will; anything that
 * may have been applied, now or later, is answered with `definite: false`.
 */
export type ClientResponse = { id: number; ok: true; value: unknown; node: string } | { id: number; ok: false; error: string; definite: boolean; node: string };

export type Role = 'follower' | 'candidate' | 'leader';

export interface NodeStatus {
  node: string;
  role: Role;
  term: number;
  leader: string | null;
  commitIndex: number;
  lastApplied: number;
  /** Index of the last entry folded into the latest snapshot (0 when none). */
  snapshotIndex: number;
  lastLogIndex: number;
  /** Short hash of the state machine: equal digests at equal lastApplied mean equal data. */
  digest: string;
  bugs: string[];
}

export interface VoteRequest {
  t: 'vote';
  term: number;
  candidate: string;
  lastLogIndex: number;
  lastLogTerm: number;
}

export interface VoteReply {
  t: 'vote-r';
  term: number;
  granted: boolean;
}

export interface AppendRequest {
  t: 'append';
  term: number;
  leader: string;
  prevIndex: number;
  prevTerm: number;
  entries: LogEntry[];
  commit: number;
  /** Leader's send counter, echoed back so a ReadIndex round knows which acks came after it. */
  seq: number;
}

export interface AppendReply {
  t: 'append-r';
  term: number;
  success: boolean;
  /** On success, the last index known to equal the leader's log. */
  match: number;
  /** On rejection, where the leader should try next. */
  hint: number;
  prevIndex: number;
  entryCount: number;
  seq: number;
}

export interface SnapshotRequest {
  t: 'snap';
  term: number;
  leader: string;
  snapshot: Snapshot;
  seq: number;
}

export interface SnapshotReply {
  t: 'snap-r';
  term: number;
  match: number;
  seq: number;
}

/** A client request a follower passes to the leader it knows. */
export interface ForwardRequest {
  t: 'fwd';
  id: number;
  request: KvRequest;
}

export interface ForwardReply {
  t: 'fwd-r';
  id: number;
  response: ClientResponse;
}

export interface Ping {
  t: 'ping';
}

export interface Pong {
  t: 'pong';
}

/** Sent on a node's own outgoing connection to a peer. */
export type PeerRequest = VoteRequest | AppendRequest | SnapshotRequest | ForwardRequest | Ping;

/** Sent back on the same connection the request arrived on. */
export type PeerReply = VoteReply | AppendReply | SnapshotReply | ForwardReply | Pong;
