import type { History } from '../../core/history.js';
import { badOp } from '../loss/bad-op.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf } from '../loss/keyed-events.js';
import type { ExpiryEvent, LockInterval, LockName } from './lock-types.js';

/** What the history says about one acquire on one lock. */
interface Holding {
  process: number;
  acquireIndex: number;
  acquireInvokeTime: number;
  granted: boolean;
  grantTime: number;
  token: number | null;
  validityMs: number | null;
  releaseInvoke: number;
  releaseInvokeTime: number;
  /** Completion time of the release that ended the hold, or NaN when none certainly did. */
  releasedTime: number;
  releasedIndex: number;
}

export interface LockHoldings {
  intervals: LockInterval[];
  expiries: ExpiryEvent[];
  acquires: { attempted: number; ok: number; fail: number; unknown: number };
}

/**
 * Turns one lock's acquires and releases into certain and widest intervals. Everything is
 * read at invocations through `pairs`, so each operation is visited once.
 * `unknownValidityMs` bounds acquires with unknown outcome (no reply carries their lease).
 */
export function lockHoldings(history: History, pairs: Int32Array, events: Int32Array, lock: LockName, unknownValidityMs: number | null): LockHoldings {
  const endOfHistory = history.length > 0 ? history[history.length - 1].time : 0;
  const held = new Map<number, Holding>();
  const all: Holding[] = [];
  const expiries: ExpiryEvent[] = [];
  const acquires = { attempted: 0, ok: 0, fail: 0, unknown: 0 };

  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const op = history[e];
    if (op.type !== 'invoke') continue;
    const process = op.process as number;
    const outcome = outcomeOf(history, pairs, e);
    if (op.f === 'acquire') {
      acquires.attempted++;
      if (outcome === OUTCOME_FAIL) {
        acquires.fail++;
        continue;
      }
      const holding: Holding = {
        process,
        acquireIndex: e,
        acquireInvokeTime: op.time,
        granted: outcome === OUTCOME_OK,
        grantTime: NaN,
        token: null,
        validityMs: unknownValidityMs,
        releaseInvoke: -1,
        releaseInvokeTime: NaN,
        releasedTime: NaN,
        releasedIndex: -1,
      };
      all.push(holding);
      if (outcome !== OUTCOME_OK) {
        acquires.unknown++;
        continue;
      }
      acquires.ok++;
      const reply = history[pairs[e]];
      const grant = grantOf(reply);
      holding.grantTime = reply.time;
      holding.token = grant.token;
      holding.validityMs = grant.validityMs;
      held.set(process, holding);
      continue;
    }
    // A release belongs to the process's current hold on this lock; one without a hold changes nothing.
    const holding = held.get(process);
    if (holding === undefined) continue;
    // Certainly not released: the hold goes on, to a later release or the lease end. (Knossos's
    // mutex model agrees: a failed release never happened, so the lock stayed held.)
    if (outcome === OUTCOME_FAIL) continue;
    if (holding.releaseInvoke < 0) {
      holding.releaseInvoke = e;
      holding.releaseInvokeTime = op.time;
    }
    held.delete(process);
    if (outcome !== OUTCOME_OK) continue; // unknown: released at some point, or at the lease end
    const reply = history[pairs[e]];
    if (typeof reply.value !== 'boolean') throw badOp('lock', reply, 'must be true (released) or false (the lock was already gone)');
    holding.releasedTime = reply.time;
    holding.releasedIndex = reply.index;
    if (reply.value === false) {
      expiries.push({
        process,
        lock,
        acquireIndex: holding.acquireIndex,
        releaseIndex: reply.index,
        token: holding.token,
        validityMs: holding.validityMs,
        heldMs: (op.time - holding.grantTime) / 1e6,
      });
    }
  }

  const intervals: LockInterval[] = [];
  for (const h of all) {
    if (!h.granted) {
      const leaseEnd = h.validityMs === null ? Infinity : h.acquireInvokeTime + h.validityMs * 1e6;
      intervals.push(interval(h, lock, 'widest', h.acquireInvokeTime, ending(NaN, -1, leaseEnd, endOfHistory)));
      continue;
    }
    const leaseEnd = h.validityMs === null ? Infinity : h.grantTime + h.validityMs * 1e6;
    intervals.push(interval(h, lock, 'certain', h.grantTime, ending(h.releaseInvokeTime, h.releaseInvoke, leaseEnd, endOfHistory)));
    // The lock may have been granted as soon as it was asked for and may have lingered until the
    // release was answered, but the holder was promised nothing beyond its lease.
    intervals.push(interval(h, lock, 'widest', h.acquireInvokeTime, ending(h.releasedTime, h.releasedIndex, leaseEnd, endOfHistory)));
  }
  return { intervals, expiries, acquires };
}

/** Built as one literal: object spread is many times slower on a hundred thousand intervals. */
function interval(
  h: Holding,
  lock: LockName,
  kind: LockInterval['kind'],
  start: number,
  end: { end: number; by: LockInterval['endedBy']; index: number | null },
): LockInterval {
  return {
    process: h.process,
    lock,
    kind,
    start,
    end: Math.max(end.end, start),
    token: h.token,
    acquireIndex: h.acquireIndex,
    endedBy: end.by,
    releaseIndex: end.index,
  };
}

/** The earlier of a release (NaN when there was none) and the lease end; the end of the history when neither. */
function ending(
  releaseTime: number,
  releaseIndex: number,
  leaseEnd: number,
  endOfHistory: number,
): { end: number; by: LockInterval['endedBy']; index: number | null } {
  if (!Number.isNaN(releaseTime) && releaseTime <= leaseEnd) return { end: releaseTime, by: 'release', index: releaseIndex };
  if (leaseEnd !== Infinity) return { end: leaseEnd, by: 'lease', index: null };
  return { end: endOfHistory, by: 'history-end', index: null };
}

function grantOf(reply: History[number]): { token: number | null; validityMs: number | null } {
  const v = reply.value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) throw badOp('lock', reply, 'must be {token, validityMs}');
  const token = v.token ?? null;
  const validityMs = v.validityMs ?? null;
  if (token !== null && (typeof token !== 'number' || !Number.isFinite(token))) throw badOp('lock', reply, 'has a token that is neither a number nor null');
  if (validityMs !== null && (typeof validityMs !== 'number' || !(validityMs >= 0)))
    throw badOp('lock', reply, 'has a validityMs that is neither a non-negative number nor null');
  return { token: token as number | null, validityMs: validityMs as number | null };
}
