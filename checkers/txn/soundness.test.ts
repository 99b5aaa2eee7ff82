import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../../harness/history.js';
import { Rng } from '../../harness/rng.js';
import { checkListAppend } from './list-append/checker.js';
import { checkRwRegister } from './rw-register/checker.js';
import { serialOrderExists } from './test-support/index.js';

// Soundness against a brute-force oracle: on tiny random histories (reads filled in by some
// serial order, then sometimes corrupted), whenever an order explaining every read exists,
// the checker must not report an anomaly. The seed fast-check prints replays a failure.

type Workload = 'list-append' | 'rw-register';

function randomHistory(seed: number, workload: Workload): Op[] {
  const rng = new Rng(seed);
  const n = rng.int(2, 5);
  const counters = [0, 0];
  const txns = Array.from({ length: n }, () => {
    const ops: [string, number, unknown][] = Array.from({ length: rng.int(1, 3) }, () => {
      const k = rng.int(0, 1);
      return rng.bool() ? ['r', k, null] : [workload === 'list-append' ? 'append' : 'w', k, ++counters[k]];
    });
    const roll = rng.float();
    return { ops, type: roll < 0.1 ? 'fail' : roll < 0.2 ? 'info' : 'ok' };
  });
  // Fill reads from one random serial order, then corrupt a read now and then.
  const store = new Map<number, unknown>();
  for (const t of rng.shuffle(txns)) {
    if (t.type === 'fail' || (t.type === 'info' && rng.bool())) continue;
    for (const op of t.ops) {
      const [f, k, v] = op;
      const current = store.get(k);
      if (f === 'r') op[2] = workload === 'list-append' ? ((current as unknown[]) ?? []).slice() : (current ?? null);
      else store.set(k, workload === 'list-append' ? [...((current as unknown[]) ?? []), v] : v);
    }
  }
  for (const t of txns) {
    for (const op of t.ops) {
      if (op[0] !== 'r' || rng.float() > 0.15) continue;
      const written = Array.from({ length: counters[op[1]] }, (_, i) => i + 1);
      op[2] = workload === 'list-append' ? rng.shuffle(written).slice(0, rng.int(0, written.length)) : rng.bool() ? null : (written[0] ?? null);
    }
  }
  // Interleave invocations and completions at random, one process per transaction.
  const events = rng.shuffle([...txns.keys(), ...txns.keys()]);
  const open = new Set<number>();
  const history: Op[] = [];
  for (const t of events) {
    const { ops, type } = txns[t];
    const invoking = !open.has(t) && !history.some((op) => op.process === t && op.type !== 'invoke');
    if (invoking) open.add(t);
    else open.delete(t);
    const value = invoking || type !== 'ok' ? ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]) : ops.map((op) => [...op]);
    history.push({ index: history.length, time: history.length, process: t, f: 'txn', type: invoking ? 'invoke' : (type as Op['type']), value });
  }
  return history;
}

function check(workload: Workload, history: Op[], model: string) {
  const options = { consistencyModels: model, ...(workload === 'rw-register' ? { wfrKeys: true } : {}) };
  return workload === 'list-append' ? checkListAppend(history, options) : checkRwRegister(history, options);
}

describe.each(['list-append', 'rw-register'] as const)('%s checker soundness', (workload) => {
  for (const [model, realtime] of [
    ['serializable', false],
    ['strict-serializable', true],
  ] as const) {
    it(`finds no anomaly in a ${model} history`, () => {
      let explained = 0;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (seed) => {
          const history = randomHistory(seed, workload);
          if (!serialOrderExists(history, { workload, realtime })) return;
          explained++;
          const verdict = check(workload, history, model);
          expect(verdict.valid, JSON.stringify(verdict.anomalyTypes)).toBe(true);
        }),
        { numRuns: 1000 },
      );
      expect(explained).toBeGreaterThan(200);
    });
  }
});
