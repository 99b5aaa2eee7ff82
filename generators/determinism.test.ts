import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.js';
import { any, clients, cycle, fn, mix, nemesis, NS_PER_MS, NS_PER_S, once, seq, simulate, sleep, stagger, timeLimit } from './index.js';

function schedule() {
  const ops = mix(
    fn((ctx) => ({ f: 'read', value: null, key: ctx.rng.int(0, 4) })),
    fn((ctx) => ({ f: 'write', value: ctx.rng.int(0, 9), key: ctx.rng.int(0, 4) })),
    fn((ctx) => ({ f: 'cas', value: [ctx.rng.int(0, 9), ctx.rng.int(0, 9)], key: ctx.rng.int(0, 4) })),
  );
  const faults = cycle(seq(sleep(300 * NS_PER_MS), once({ f: 'kill', value: null })));
  return timeLimit(3 * NS_PER_S, any(clients(stagger(2 * NS_PER_MS, ops)), nemesis(faults)));
}

function run(seed: number): Op[] {
  return simulate(schedule(), {
    concurrency: 10,
    seed,
    withNemesis: true,
    latency: (_op, rng) => rng.int(1, 20) * NS_PER_MS,
    complete: (op, rng) => {
      const r = rng.float();
      return r < 0.1 ? { type: 'info' } : r < 0.2 ? { type: 'fail' } : { type: 'ok', value: op.value };
    },
  });
}

describe('determinism by seed', () => {
  it('the same seed gives the same sequence of operations', () => {
    const a = run(1234);
    const b = run(1234);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  });

  it('a different seed gives a different sequence', () => {
    expect(run(1)).not.toEqual(run(2));
  });
});

describe('process discipline over a long random run', () => {
  const history = run(99);

  it('no process ever has two operations outstanding', () => {
    const open = new Set<Op['process']>();
    for (const op of history) {
      if (op.type === 'invoke') {
        expect(open.has(op.process), `process ${op.process} at index ${op.index}`).toBe(false);
        open.add(op.process);
      } else if (op.process !== 'nemesis' || open.has(op.process)) {
        open.delete(op.process);
      }
    }
  });

  it('a process that completed info never invokes again; its worker continues as process + concurrency', () => {
    const retired = new Set<Op['process']>();
    for (const op of history) {
      if (op.type === 'invoke') expect(retired.has(op.process)).toBe(false);
      if (op.type === 'info' && typeof op.process === 'number') retired.add(op.process);
    }
    expect(retired.size).toBeGreaterThan(10);
    const maxProcess = Math.max(...history.map((o) => (typeof o.process === 'number' ? o.process : 0)));
    expect(maxProcess).toBeGreaterThanOrEqual(10);
    for (const p of retired) {
      const successor = history.find((o) => o.type === 'invoke' && o.process === (p as number) + 10);
      const lastOfRun = history.filter((o) => typeof o.process === 'number' && (o.process as number) % 10 === (p as number) % 10).at(-1);
      if (lastOfRun?.process !== p) expect(successor).toBeDefined();
    }
  });
});
