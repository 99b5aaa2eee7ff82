import type { History } from '../../core/history.js';
import { LOCK_SHAPE } from './shapes.js';
import { splitByKey } from '../loss/keyed-events.js';
import { LIMIT_OPTION } from '../loss/options.js';
import { parseCheckerOptions, type OptionDeclarations } from '../../core/checker-options.js';
import type { CheckContext, Checker, Verdict } from '../../core/verdict.js';
import { lockHoldings } from './holdings.js';
import type { IntervalOverlap, LockDetails, LockInterval, LockName } from './lock-types.js';
import { overlapOf, sweepOverlaps } from './overlaps.js';
import { checkResource, emptyResourceReport } from './resource.js';

export interface LockOptions {
  /** The longest a grant can last, for acquires whose outcome is unknown (no reply carried a lease). */
  validityMs?: number;
  /** Most entries per listed anomaly (default 1000); counts stay complete. Intervals are always all listed. */
  limit?: number;
}

export const LOCK_OPTIONS: OptionDeclarations = [
  { name: 'validityMs', kind: 'number', min: 0, help: 'the longest a grant can last, for acquires whose outcome is unknown (no reply carried a lease)' },
  LIMIT_OPTION,
];

const LOCK_FS: ReadonlySet<string> = new Set(['acquire', 'release']);
const RESOURCE_FS: ReadonlySet<string> = new Set(['read-resource', 'write-resource']);

/**
 * Mutual exclusion from the history alone, with Knossos's mutex semantics: the run is valid when
 * some order of grants and releases, each taking effect between its invocation and its reply,
 * never has two holders. Overlapping certain intervals (ok reply to release invocation) are a
 * definite violation. Disjoint certain intervals are explained by letting each release take effect
 * at its invocation and each grant at its reply, when the earlier hold ended by a release; a hold
 * that ended at its lease leaves the order to the lock's own clock, which is not in the history:
 * unknown.
 */
export function checkLock(history: History, options: LockOptions = {}, context: CheckContext = {}): Verdict<LockDetails> {
  const o = parseCheckerOptions<LockOptions & { limit: number }>('lock', LOCK_OPTIONS, options as Record<string, unknown>);
  const unknownValidityMs = o.validityMs ?? null;
  const limit = o.limit;
  const details: LockDetails = {
    locks: 0,
    acquires: { attempted: 0, ok: 0, fail: 0, unknown: 0 },
    intervals: [],
    violationCount: 0,
    violations: [],
    ambiguousCount: 0,
    ambiguous: [],
    explainedCount: 0,
    expiries: [],
    resource: emptyResourceReport(),
    truncated: false,
  };

  const locks = splitByKey(history, LOCK_FS);
  for (const { key, events } of locks.keys) {
    if (context.signal?.aborted) return { valid: 'unknown', reason: `aborted after ${details.locks} of ${locks.keys.length} locks` };
    const lock: LockName = key ?? null;
    details.locks++;
    const held = lockHoldings(history, locks.pairs, events, lock, unknownValidityMs);
    for (const name of ['attempted', 'ok', 'fail', 'unknown'] as const) details.acquires[name] += held.acquires[name];
    for (const expiry of held.expiries) details.expiries.push(expiry);
    for (const interval of held.intervals) details.intervals.push(interval);
    compareIntervals(held.intervals, lock, limit, details);
  }

  const resource = splitByKey(history, RESOURCE_FS);
  for (const { key, events } of resource.keys) {
    if (checkResource(history, resource.pairs, events, key ?? null, limit, details.resource)) details.truncated = true;
  }

  const r = details.resource;
  if (details.violationCount > 0 || r.fencingViolations.length > 0 || r.lostUpdates.length > 0 || r.overwritten.length > 0) return { valid: false, ...details };
  if (details.ambiguousCount > 0) {
    const reason =
      `${details.ambiguousCount} pairs of holders may have overlapped: their widest intervals (acquire invoked to release answered) ` +
      'overlap but their certain ones do not, and the earlier hold ended at its lease, which the history alone cannot place';
    return { valid: 'unknown', reason, ...details };
  }
  if (details.acquires.ok === 0 && r.writes.accepted === 0) {
    return { valid: 'unknown', reason: 'no acquire and no write to the resource completed ok: nothing to decide', ...details };
  }
  return { valid: true, ...details };
}

/**
 * Certain overlaps are violations; widest overlaps whose certain intervals stay apart are
 * explained by an order (see checkLock) or, when none is, ambiguous.
 */
function compareIntervals(intervals: readonly LockInterval[], lock: LockName, limit: number, details: LockDetails): void {
  const certain = intervals.filter((i) => i.kind === 'certain');
  const widest = intervals.filter((i) => i.kind === 'widest');
  const certainOf = new Map<number, LockInterval>(certain.map((i) => [i.acquireIndex, i]));
  const pair = (a: LockInterval, b: LockInterval): IntervalOverlap => ({ lock, first: a, second: b, ...overlapOf(a, b) });

  let listed = 0;
  const violations = sweepOverlaps(certain, (a, b) => {
    if (details.violations.length >= limit) return false;
    details.violations.push(pair(a, b));
    listed++;
    return true;
  });
  if (violations > listed) details.truncated = true;
  details.violationCount += violations;

  // Every certain overlap is also a widest one, so the difference counts the ambiguous pairs.
  // Every certain overlap is also a widest one. Pairs are judged one by one up to a budget (an
  // acquire of unknown outcome without a lease overlaps every later hold); past it, the pairs
  // left unjudged count as ambiguous, never as explained.
  let budget = Math.max(limit, 1) * 100;
  let explained = 0;
  let ambiguous = 0;
  const overlapping = sweepOverlaps(widest, (a, b) => {
    const ca = certainOf.get(a.acquireIndex);
    const cb = certainOf.get(b.acquireIndex);
    const definite = ca !== undefined && cb !== undefined && ca.start < cb.end && cb.start < ca.end && ca.end > ca.start && cb.end > cb.start;
    if (!definite) {
      if (ca === undefined || cb === undefined || (ca.end <= cb.start ? ca : cb).endedBy === 'release') explained++;
      else {
        ambiguous++;
        if (details.ambiguous.length < limit) details.ambiguous.push(pair(a, b));
      }
    }
    return --budget > 0;
  });
  const unjudged = Math.max(0, overlapping - violations - explained - ambiguous);
  if (unjudged > 0 || ambiguous > details.ambiguous.length) details.truncated = true;
  details.explainedCount += explained;
  details.ambiguousCount += ambiguous + unjudged;
}

export const lockChecker: Checker<LockDetails> = {
  name: 'lock',
  accepts: LOCK_SHAPE,
  options: LOCK_OPTIONS,
  summary: 'mutual exclusion: overlapping holders from certain and widest lock intervals, fencing order and lost updates on the resource',
  check: (history, options, context) => checkLock(history, options, context),
};
