// The raft-kv wire protocol, shared by the server and the client.
export { encodeFrame, FrameDecoder, FrameError, MAX_FRAME_CHARS } from './framing.js';
export type {
  AppendReply,
  AppendRequest,
  ClientRequest,
  ClientResponse,
  Command,
  ForwardReply,
  ForwardRequest,
  Hello,
  KvKey,
  KvRequest,
  KvValue,
  LogEntry,
  NodeStatus,
  PeerReply,
  PeerRequest,
  Ping,
  Pong,
  Role,
  Snapshot,
  SnapshotReply,
  SnapshotRequest,
  VoteReply,
  VoteRequest,
} from './messages.js';
export { isKvKey, isKvValue, parseClientRequest, parseHello, requestId } from './validate.js';
export type { Parsed } from './validate.js';
