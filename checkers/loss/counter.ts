import type { History, Key, Op } from '../../core/history.js';
import { COUNTER_SHAPE } from './shapes.js';
import type { CheckContext, Checker, Verdict } from '../../core/verdict.js';
import { badOp } from './bad-op.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf, splitByKey, withKey } from './keyed-events.js';
import { parseCheckerOptions } from '../../core/checker-options.js';
import { COUNTER_OPTIONS } from './options.js';

// History convention for the counter checker:
//   {"f":"add","value":3}            invoke (and completion): the increment, a finite number
//   {"f":"read","value":null}        invoke
//   {"f":"read","value":42}          ok completion: the counter's value (null: the initial value)
// An optional `key` makes each key an independent counter.

export type CounterAddOp = Op & { f: 'add'; value: number };
export type CounterReadOp = Op & { f: 'read'; value: number | null };

export interface CounterOptions {
  /** The counter's value before the run (default 0). */
  initial?: number;
  /** Most violating reads listed (default 1000); the count stays complete. */
  limit?: number;
}

/** An ok read outside what the increments allow. Indices point at the read's completion and invocation. */
export interface CounterReadViolation {
  key?: Key;
  index: number;
  invokeIndex: number;
  value: number;
  /** initial + increments acknowledged before the read began (+ negative ones that may have applied). */
  lower: number;
  /** initial + increments invoked and not failed before the read completed (positive parts). */
  upper: number;
}

/**
 * A key's last read came in below what was acknowledged before it began. A counter keeps only
 * a sum, so which increments were lost cannot be told apart; when every acknowledged increment
 * had the same size, `increments` says how many went missing.
 */
export interface CounterLoss {
  key?: Key;
  readIndex: number;
  value: number;
  /** The least the read could show: its lower bound. */
  expectedAtLeast: number;
  missing: number;
  increments?: number;
}

export interface CounterDetails {
  keys: number;
  /** Ok reads checked against their bounds. */
  reads: number;
  increments: { attempted: number; acknowledged: number; failed: number; unknown: number };
  violationCount: number;
  violations: CounterReadViolation[];
  lost: CounterLoss[];
  truncated: boolean;
}

const COUNTER_FS: ReadonlySet<string> = new Set(['add', 'read']);

/** What was acknowledged when a read began, kept until the read completes. */
interface ReadStart {
  acked: number;
  ackedPositive: number;
  ackedNegative: number;
}

/** Every ok read must lie between the acknowledged and the attempted sums around it. */
export function checkCounter(history: History, options: CounterOptions = {}, context: CheckContext = {}): Verdict<CounterDetails> {
  const { initial, limit } = parseCheckerOptions<Required<CounterOptions>>('counter', COUNTER_OPTIONS, options as Record<string, unknown>);
  const details: CounterDetails = {
    keys: 0,
    reads: 0,
    increments: { attempted: 0, acknowledged: 0, failed: 0, unknown: 0 },
    violationCount: 0,
    violations: [],
    lost: [],
    truncated: false,
  };
  const { pairs, keys } = splitByKey(history, COUNTER_FS);
  for (const { key, events } of keys) {
    if (context.signal?.aborted) return { valid: 'unknown', reason: `aborted after ${details.keys} of ${keys.length} keys` };
    details.keys++;
    let acked = 0;
    let ackedPositive = 0;
    let ackedNegative = 0;
    let attemptedPositive = 0;
    let attemptedNegative = 0;
    // A single increment size lets a shortfall be counted in increments.
    let step = NaN;
    let sameStep = true;
    let lastRead: { index: number; value: number; lower: number } | undefined;
    let lastReadInvoke = -1;
    const open = new Map<number, ReadStart>();
    for (let n = 0; n < events.length; n++) {
      const e = events[n];
      const op = history[e];
      if (op.f === 'add') {
        if (op.type === 'invoke') {
          const delta = op.value;
          if (typeof delta !== 'number' || !Number.isFinite(delta)) throw badOp('counter', op, 'must carry the increment, a finite number');
          details.increments.attempted++;
          const outcome = outcomeOf(history, pairs, e);
          if (outcome === OUTCOME_FAIL) {
            details.increments.failed++;
            continue;
          }
          if (outcome !== OUTCOME_OK) details.increments.unknown++;
          if (delta > 0) attemptedPositive += delta;
          else attemptedNegative += delta;
        } else if (op.type === 'ok') {
          const delta = history[pairs[e]].value as number;
          details.increments.acknowledged++;
          acked += delta;
          if (delta > 0) ackedPositive += delta;
          else ackedNegative += delta;
          if (Number.isNaN(step)) step = delta;
          else if (step !== delta) sameStep = false;
        }
        continue;
      }
      if (op.type === 'invoke') {
        if (outcomeOf(history, pairs, e) === OUTCOME_OK) open.set(e, { acked, ackedPositive, ackedNegative });
        continue;
      }
      if (op.type !== 'ok') continue;
      const start = open.get(pairs[e]) as ReadStart;
      open.delete(pairs[e]);
      // A completed read of nil saw the counter before any increment: its initial value.
      const value = op.value === null ? initial : op.value;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw badOp('counter', op, "must be the counter's value, a finite number (or null for the initial value)");
      details.reads++;
      // Anything acknowledged before the read began must show; anything not failed by its end may.
      const lower = initial + start.acked + (attemptedNegative - start.ackedNegative);
      const upper = initial + start.acked + (attemptedPositive - start.ackedPositive);
      if (value < lower || value > upper) {
        details.violationCount++;
        if (details.violations.length < limit) details.violations.push(withKey(key, { index: e, invokeIndex: pairs[e], value, lower, upper }));
        else details.truncated = true;
      }
      if (pairs[e] > lastReadInvoke) {
        lastReadInvoke = pairs[e];
        lastRead = { index: e, value, lower };
      }
    }
    if (lastRead && lastRead.value < lastRead.lower) {
      const missing = lastRead.lower - lastRead.value;
      const loss: CounterLoss = { readIndex: lastRead.index, value: lastRead.value, expectedAtLeast: lastRead.lower, missing };
      if (sameStep && step > 0 && ackedNegative === 0) loss.increments = Math.ceil(missing / step);
      details.lost.push(withKey(key, loss));
    }
  }
  if (details.violationCount > 0) return { valid: false, ...details };
  if (details.reads === 0)
    return { valid: 'unknown', reason: 'no read completed ok, so no value could be checked against the increments: nothing to decide', ...details };
  return { valid: true, ...details };
}

export const counterChecker: Checker<CounterDetails> = {
  name: 'counter',
  accepts: COUNTER_SHAPE,
  options: COUNTER_OPTIONS,
  summary: 'counter add/read: every read between the acknowledged and the attempted sums; names shortfalls at the last read',
  check: (history, options, context) => checkCounter(history, options, context),
};
