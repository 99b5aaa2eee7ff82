// The lock checker: mutual exclusion from the holders' intervals and from a fenced resource.

export { checkLock, lockChecker, type LockOptions } from './lock-checker.js';
export {
  STALE_TOKEN,
  type AcquireOp,
  type AcquireResult,
  type ExpiryEvent,
  type FencingViolation,
  type IntervalOverlap,
  type LockDetails,
  type LockInterval,
  type LockName,
  type ReadResourceOp,
  type ReleaseArgs,
  type ReleaseOp,
  type ResourceLostUpdate,
  type ResourceOverwrite,
  type ResourceReport,
  type StaleTokenRejection,
  type WriteResourceArgs,
  type WriteResourceOp,
} from './lock-types.js';
