import { ConfigError } from '../../core/errors.js';
import { delay, fn, onWorkers, repeat, seq, untilOk, type Generator, type OpTemplate } from '../index.js';
import type { Workload } from '../../core/target.js';

// A read-modify-write counter for the lost-update checker (checkers/loss/lost-update.ts):
//   {"f":"increment","key":0,"value":null}    invoke: read the counter, write read + 1
//   {"f":"increment","key":0,"value":[4,5]}   ok: the value read and the value written
//   {"f":"read","key":0,"value":17}           final read of each counter, after the faults
// The client must do the read and the write itself (not an atomic increment), so that an
// isolation level that lets two increments read the same value shows it.

export interface CounterWorkloadOptions {
  /** Counters in play, as op-level keys 0 … keys-1 (default 2): few keys keep increments colliding. */
  keys?: number;
  /** Every counter's value before the run (default 0). */
  initial?: number;
}

/** Time between attempts of a final read that did not come back ok. */
const RETRY_NS = 100_000_000;

export function resolveCounterOptions(options: CounterWorkloadOptions): Required<CounterWorkloadOptions> {
  const keys = options.keys ?? 2;
  const initial = options.initial ?? 0;
  if (!Number.isInteger(keys) || keys < 1) throw new ConfigError('keys', `must be a whole number of at least 1, got ${JSON.stringify(keys)}`);
  if (!Number.isSafeInteger(initial)) throw new ConfigError('initial', `must be a whole number, got ${JSON.stringify(initial)}`);
  return { keys, initial };
}

/** One read of `template`, retried until it comes back ok, on a single worker so retries do not pile up. */
export function readUntilOk(template: OpTemplate): Generator {
  return onWorkers((w) => w === 0, untilOk(delay(RETRY_NS, repeat(template))));
}

export function counterWorkload(options: CounterWorkloadOptions = {}): Workload {
  const { keys, initial } = resolveCounterOptions(options);
  const finalReads = Array.from({ length: keys }, (_, key) => readUntilOk({ f: 'read', value: null, key }));
  return {
    name: 'counter',
    generator: fn((ctx) => ({ f: 'increment', value: null, key: ctx.rng.int(0, keys - 1) })),
    final: seq(...finalReads),
    checkers: [{ checker: 'lost-update', options: { initial } }],
  };
}
