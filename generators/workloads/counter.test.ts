import { describe, expect, it } from 'vitest';
import { checkLostUpdate } from '../../checkers/loss/index.js';
import { ConfigError } from '../../core/errors.js';
import { limit, phases, simulate, type GenOp } from '../index.js';
import type { Op } from '../../core/history.js';
import { counterWorkload } from './counter.js';

/**
 * Runs the workload against a simulated counter store. `readAt` says when an increment reads:
 * at completion (atomic, as a correct isolation level behaves) or at invocation (the read and
 * the write far apart, so concurrent increments read the same value).
 */
function run(readAt: 'completion' | 'invocation', seed = 1, keys = 2): Op[] {
  const workload = counterWorkload({ keys });
  const counters = new Map<unknown, number>();
  const readAtInvoke = new Map<GenOp, number>();
  return simulate(phases(limit(400, workload.generator), workload.final!), {
    concurrency: 5,
    seed,
    latency: (op, rng) => {
      if (op.f === 'increment') readAtInvoke.set(op, counters.get(op.key) ?? 0);
      return rng.int(1, 5) * 1_000_000;
    },
    complete: (op) => {
      const now = counters.get(op.key) ?? 0;
      if (op.f === 'read') return { type: 'ok', value: now };
      const read = readAt === 'invocation' ? (readAtInvoke.get(op) as number) : now;
      counters.set(op.key, read + 1);
      return { type: 'ok', value: [read, read + 1] };
    },
  });
}

describe('counter workload', () => {
  it('issues increments on few keys, then one final read of every key', () => {
    const history = run('completion', 3, 3);
    const invokes = history.filter((o) => o.type === 'invoke');
    const increments = invokes.filter((o) => o.f === 'increment');
    expect(increments).toHaveLength(400);
    expect(new Set(increments.map((o) => o.key))).toEqual(new Set([0, 1, 2]));
    const reads = invokes.filter((o) => o.f === 'read');
    expect(reads.map((o) => o.key)).toEqual([0, 1, 2]);
    const lastIncrement = history.findLastIndex((o) => o.f === 'increment');
    expect(history.findIndex((o) => o.f === 'read')).toBeGreaterThan(lastIncrement);
  });

  it('declares the lost-update checker, which passes a store whose increments are atomic', () => {
    const workload = counterWorkload();
    expect(workload.checkers).toEqual([{ checker: 'lost-update', options: { initial: 0 } }]);
    const verdict = checkLostUpdate(run('completion'), { initial: 0 });
    expect(verdict.valid).toBe(true);
  });

  it('lets the checker catch a store whose increments read a value another increment also read', () => {
    const verdict = checkLostUpdate(run('invocation'), { initial: 0 });
    expect(verdict.valid).toBe(false);
    if (verdict.valid === 'unknown') throw new Error('unexpected unknown');
    expect(verdict.lostUpdatePairCount).toBeGreaterThan(0);
    expect(verdict.lost.length).toBeGreaterThan(0);
  });

  it('retries a final read that fails until one comes back ok', () => {
    const workload = counterWorkload({ keys: 1 });
    let failures = 2;
    const history = simulate(workload.final!, {
      concurrency: 3,
      seed: 1,
      complete: () => (failures-- > 0 ? { type: 'fail' } : { type: 'ok', value: 0 }),
    });
    expect(history.filter((o) => o.type !== 'invoke').map((o) => o.type)).toEqual(['fail', 'fail', 'ok']);
  });

  it('names a bad option', () => {
    expect(() => counterWorkload({ keys: 0 })).toThrow(ConfigError);
    expect(() => counterWorkload({ keys: 0 })).toThrow(/keys: must be a whole number of at least 1, got 0/);
  });
});
