import type { History, Key, Op } from '../../core/history.js';
import { LOST_UPDATE_SHAPE } from './shapes.js';
import type { CheckContext, Checker, Verdict } from '../../core/verdict.js';
import { badOp } from './bad-op.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf, splitByKey, withKey } from './keyed-events.js';
import { parseCheckerOptions } from '../../core/checker-options.js';
import { LOST_UPDATE_OPTIONS } from './options.js';

// History convention for the lost-update checker (read-modify-write without transactions):
//   {"f":"increment","value":null}        invoke
//   {"f":"increment","value":[4,5]}       ok completion: the value the client read, then wrote
//   {"f":"read","value":null}             invoke of the final read, after the run
//   {"f":"read","value":17}               ok completion: the counter
// An optional `key` makes each key an independent counter.

export type IncrementOp = Op & { f: 'increment'; value: [read: number, wrote: number] | null };
export type FinalReadOp = Op & { f: 'read'; value: number | null };

export interface LostUpdateOptions {
  /** The counter before the run (default 0). */
  initial?: number;
  /** Most pairs and overwritten increments listed (default 1000); counts stay complete. */
  limit?: number;
}

export interface AckedIncrement {
  /** The increment's ok completion. */
  index: number;
  read: number;
  wrote: number;
}

/** Two acknowledged increments read the same value and both wrote: one overwrote the other. */
export interface LostUpdatePair {
  key?: Key;
  read: number;
  first: { index: number; wrote: number };
  second: { index: number; wrote: number };
}

/** A key's final read fell short of its acknowledged increments. */
export interface LostIncrements {
  key?: Key;
  readIndex: number;
  value: number;
  /** initial + the sum of (wrote − read) over increments acknowledged before the final read. */
  expectedAtLeast: number;
  missing: number;
  /** Acknowledged increments that wrote more than the final value: their write did not last. */
  overwritten: AckedIncrement[];
}

export interface LostUpdateDetails {
  keys: number;
  increments: { attempted: number; acknowledged: number; failed: number; unknown: number };
  lostUpdatePairCount: number;
  lostUpdatePairs: LostUpdatePair[];
  lost: LostIncrements[];
  /** Keys with acknowledged increments but no ok final read, where loss cannot be decided. */
  keysWithoutFinalRead: Array<Key | null>;
  truncated: boolean;
}

const LOST_UPDATE_FS: ReadonlySet<string> = new Set(['increment', 'read']);

/** Acknowledged increments missing from the final value, and pairs that read the same value. */
export function checkLostUpdate(history: History, options: LostUpdateOptions = {}, context: CheckContext = {}): Verdict<LostUpdateDetails> {
  const { initial, limit } = parseCheckerOptions<Required<LostUpdateOptions>>('lost-update', LOST_UPDATE_OPTIONS, options as Record<string, unknown>);
  const details: LostUpdateDetails = {
    keys: 0,
    increments: { attempted: 0, acknowledged: 0, failed: 0, unknown: 0 },
    lostUpdatePairCount: 0,
    lostUpdatePairs: [],
    lost: [],
    keysWithoutFinalRead: [],
    truncated: false,
  };
  const { pairs, keys } = splitByKey(history, LOST_UPDATE_FS);
  let finalReads = 0;
  for (const { key, events } of keys) {
    if (context.signal?.aborted) return { valid: 'unknown', reason: `aborted after ${details.keys} of ${keys.length} keys` };
    details.keys++;
    const firstByRead = new Map<number, AckedIncrement>();
    const acked: AckedIncrement[] = [];
    let finalRead: { index: number; invoke: number; value: number } | null = null;
    for (let n = 0; n < events.length; n++) {
      const e = events[n];
      const op = history[e];
      if (op.f === 'increment') {
        if (op.type === 'invoke') {
          details.increments.attempted++;
          const outcome = outcomeOf(history, pairs, e);
          if (outcome === OUTCOME_FAIL) details.increments.failed++;
          else if (outcome !== OUTCOME_OK) details.increments.unknown++;
          continue;
        }
        if (op.type !== 'ok') continue;
        const v = op.value;
        if (!Array.isArray(v) || v.length !== 2 || !isNumber(v[0]) || !isNumber(v[1]))
          throw badOp('lost-update', op, 'must be [read, wrote], two finite numbers');
        details.increments.acknowledged++;
        const inc: AckedIncrement = { index: e, read: v[0], wrote: v[1] };
        acked.push(inc);
        const first = firstByRead.get(inc.read);
        if (first === undefined) firstByRead.set(inc.read, inc);
        else {
          details.lostUpdatePairCount++;
          if (details.lostUpdatePairs.length < limit) {
            details.lostUpdatePairs.push(
              withKey(key, { read: inc.read, first: { index: first.index, wrote: first.wrote }, second: { index: e, wrote: inc.wrote } }),
            );
          } else details.truncated = true;
        }
        continue;
      }
      if (op.type !== 'ok') continue;
      if (!isNumber(op.value)) throw badOp('lost-update', op, "must be the counter's value, a finite number");
      if (finalRead === null || pairs[e] > finalRead.invoke) finalRead = { index: e, invoke: pairs[e], value: op.value };
    }
    if (finalRead === null) {
      if (acked.length > 0) details.keysWithoutFinalRead.push(key ?? null);
      continue;
    }
    finalReads++;
    const final = finalRead;
    // Only increments finished before the final read began must show in it.
    const before = acked.filter((inc) => inc.index < final.invoke);
    let expected = initial;
    for (const inc of before) expected += inc.wrote - inc.read;
    const overwritten = before.filter((inc) => inc.wrote > final.value);
    if (expected > final.value || overwritten.length > 0) {
      if (overwritten.length > limit) details.truncated = true;
      details.lost.push(
        withKey(key, {
          readIndex: final.index,
          value: final.value,
          expectedAtLeast: expected,
          missing: Math.max(0, expected - final.value),
          overwritten: overwritten.slice(0, limit),
        }),
      );
    }
  }
  if (details.lostUpdatePairCount > 0 || details.lost.length > 0) return { valid: false, ...details };
  if (details.keysWithoutFinalRead.length > 0) {
    return { valid: 'unknown', reason: `${details.keysWithoutFinalRead.length} keys have acknowledged increments but no ok final read`, ...details };
  }
  if (finalReads === 0) return { valid: 'unknown', reason: 'no final read completed ok: nothing to decide', ...details };
  return { valid: true, ...details };
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export const lostUpdateChecker: Checker<LostUpdateDetails> = {
  name: 'lost-update',
  accepts: LOST_UPDATE_SHAPE,
  options: LOST_UPDATE_OPTIONS,
  summary: 'read-modify-write increments: acknowledged increments missing from the final read, pairs that read the same value',
  check: (history, options, context) => checkLostUpdate(history, options, context),
};
