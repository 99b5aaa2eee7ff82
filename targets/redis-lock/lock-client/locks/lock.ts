import type { Outcome } from '../../protocol/messages.js';

/** A lock the client believes it holds: the value it stored, its fencing token and its lease. */
export interface Grant {
  /** Unique per grant (`<owner>/<random>`); release deletes only this value. */
  value: string;
  token: number | null;
  /** How long the client may consider itself the holder, from now (the history's validityMs). */
  validityMs: number;
  /** Whatever the implementation needs to release it (redlock-npm's Lock object). */
  handle?: unknown;
}

/**
 * One way of taking a lock on Redis. `acquire` tries once: ok with a grant, fail when the
 * lock is certainly not ours, info when it may be. `release` answers whether the lock it
 * held was still there to release.
 */
export interface DistributedLock {
  acquire(): Promise<Outcome<Grant>>;
  release(grant: Grant): Promise<Outcome<boolean>>;
  close(): Promise<void>;
}
