import type { Key, Op } from '../../core/history.js';

// History convention for the lock checker. The lock's name is the optional `key`.
//   {"f":"acquire","value":null}                                invoke
//   {"f":"acquire","value":{"token":12,"validityMs":5000}}      ok: granted, with the fencing token (or
//       null) and the lease the client computed: it holds the lock until validityMs after this reply,
//       or until it invokes release, whichever comes first (validityMs null: no lease)
//   fail: certainly not acquired; info: unknown
//   {"f":"release","value":{"token":12}}                        invoke
//   {"f":"release","value":true}                                ok: the lock it held was released
//   {"f":"release","value":false}                               ok: the lock was already gone or held by
//       another (a lease expiry: reported as an event, not by itself a violation)
// The resource the lock protects, also split by `key`:
//   {"f":"read-resource","value":null}                          invoke; ok value: the number read
//   {"f":"write-resource","value":{"value":8,"token":12}}       ok: the resource accepted the write;
//       fail with "error":"stale-token": rejected by fencing
// Each holder is expected to write more than it read (normally read + 1), and a final
// read-resource follows the run.

export interface AcquireResult {
  token: number | null;
  validityMs: number | null;
}

export interface ReleaseArgs {
  token: number | null;
}

export interface WriteResourceArgs {
  value: number;
  token: number | null;
}

export type AcquireOp = Op & { f: 'acquire'; value: AcquireResult | null };
export type ReleaseOp = Op & { f: 'release'; value: ReleaseArgs | boolean };
export type ReadResourceOp = Op & { f: 'read-resource'; value: number | null };
export type WriteResourceOp = Op & { f: 'write-resource'; value: WriteResourceArgs };

/** The error a fenced resource gives a write whose token is older than one it has seen. */
export const STALE_TOKEN = 'stale-token';

export type LockName = Key | null;

/**
 * When a process held (or may have held) a lock, in history nanoseconds, for drawing on the
 * timeline. `certain`: from the acquire's ok reply until the earlier of the release invocation
 * and the lease end. `widest`: from the acquire invocation until the release completion, the
 * lease end, or the end of the history.
 */
export interface LockInterval {
  process: number;
  lock: LockName;
  kind: 'certain' | 'widest';
  start: number;
  end: number;
  token: number | null;
  /** The acquire's invocation. */
  acquireIndex: number;
  endedBy: 'release' | 'lease' | 'history-end';
  /** The release that ended it: its invocation for certain intervals, its completion for widest ones. */
  releaseIndex: number | null;
}

/** Two intervals of different processes on one lock that share the time from `from` to `to`. */
export interface IntervalOverlap {
  lock: LockName;
  first: LockInterval;
  second: LockInterval;
  from: number;
  to: number;
}

/** A release answered false: the holder's lease had run out (or another held the lock). */
export interface ExpiryEvent {
  process: number;
  lock: LockName;
  acquireIndex: number;
  /** The release's completion. */
  releaseIndex: number;
  token: number | null;
  validityMs: number | null;
  /** From the acquire's reply to the release invocation. */
  heldMs: number;
}

/** An accepted write whose token is lower than one accepted before it began. */
export interface FencingViolation {
  lock: LockName;
  index: number;
  token: number;
  value: number;
  after: { index: number; token: number };
}

/** Two accepted writes of the same value: two holders read the same state. */
export interface ResourceLostUpdate {
  lock: LockName;
  value: number;
  first: number;
  second: number;
}

/** An accepted write the final read no longer shows. */
export interface ResourceOverwrite {
  lock: LockName;
  index: number;
  value: number;
  finalValue: number;
  finalReadIndex: number;
}

export interface StaleTokenRejection {
  lock: LockName;
  index: number;
  token: number | null;
  value: number;
}

export interface ResourceReport {
  writes: { attempted: number; accepted: number; rejectedStale: number; failed: number; unknown: number };
  finalReads: Array<{ lock: LockName; index: number; value: number }>;
  lostUpdates: ResourceLostUpdate[];
  overwritten: ResourceOverwrite[];
  fencingViolations: FencingViolation[];
  /** Counted and shown, never a violation: fencing did its job. */
  staleTokenRejections: { count: number; examples: StaleTokenRejection[] };
}

export interface LockDetails {
  locks: number;
  acquires: { attempted: number; ok: number; fail: number; unknown: number };
  intervals: LockInterval[];
  /** Certain intervals of different processes that overlap: definite violations. */
  violationCount: number;
  violations: IntervalOverlap[];
  /**
   * Widest intervals that overlap although the certain ones do not, and that no order explains:
   * the earlier holder's certain interval ended at its lease or with the history, not at a release.
   */
  ambiguousCount: number;
  ambiguous: IntervalOverlap[];
  /**
   * Widest overlaps that a linearization explains, as Knossos's mutex model would: the earlier
   * holder's release (ok or unknown) took effect at its invocation and the later grant at its
   * reply, or one of the two acquires (outcome unknown) never took effect.
   */
  explainedCount: number;
  expiries: ExpiryEvent[];
  resource: ResourceReport;
  truncated: boolean;
}
