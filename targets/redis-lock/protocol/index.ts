// How redis-lock's processes talk: newline-delimited JSON requests and outcome replies.
export { JsonLineClient, readJsonLines, serveJsonLines, writeJsonLine, type Endpoint } from './json-lines.js';
export {
  asOutcome,
  LOCK_KINDS,
  lockValue,
  ownerOfLockValue,
  sessionConfigSchema,
  STALE_TOKEN_ERROR,
  type LockKind,
  type LockRequest,
  type Outcome,
  type ResourceRequest,
  type ServerAddress,
  type SessionConfig,
} from './messages.js';
