import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.js';
import {
  any,
  clients,
  cycle,
  delay,
  eachProcess,
  flipFlop,
  fn,
  limit,
  mix,
  nemesis,
  NS_PER_MS,
  NS_PER_S,
  once,
  phases,
  reserve,
  seq,
  simulate,
  sleep,
  stagger,
  timeLimit,
  untilOk,
} from './index.js';

const invokes = (h: Op[]) => h.filter((o) => o.type === 'invoke');
const randomWrite = fn((ctx) => ({ f: 'write', value: ctx.rng.int(0, 9) }));

describe('generator combinators', () => {
  it('once, seq and limit emit exactly what they say', () => {
    const h = simulate(seq(once({ f: 'a', value: 1 }), limit(3, cycle(once({ f: 'b', value: 2 })))), { concurrency: 2, seed: 1 });
    expect(invokes(h).map((o) => o.f)).toEqual(['a', 'b', 'b', 'b']);
  });

  it('stagger spaces operations by the mean interval on average', () => {
    const h = simulate(timeLimit(10 * NS_PER_S, stagger(10 * NS_PER_MS, randomWrite)), { concurrency: 5, seed: 7 });
    const n = invokes(h).length;
    expect(n).toBeGreaterThan(800);
    expect(n).toBeLessThan(1200);
  });

  it('delay spaces operations exactly', () => {
    const h = simulate(limit(4, delay(5 * NS_PER_MS, randomWrite)), { concurrency: 3, seed: 1 });
    const times = invokes(h).map((o) => o.time);
    expect(times).toEqual([0, 5, 10, 15].map((t) => t * NS_PER_MS));
  });

  it('timeLimit stops issuing operations at the deadline', () => {
    const h = simulate(timeLimit(NS_PER_S, stagger(NS_PER_MS, randomWrite)), { concurrency: 3, seed: 2 });
    expect(Math.max(...invokes(h).map((o) => o.time))).toBeLessThan(NS_PER_S);
  });

  it('phases wait for the previous phase to finish before starting the next', () => {
    const h = simulate(phases(limit(6, randomWrite), once({ f: 'read', value: null })), {
      concurrency: 3,
      seed: 3,
      latency: () => 10 * NS_PER_MS,
    });
    const read = h.find((o) => o.f === 'read' && o.type === 'invoke')!;
    const lastWriteDone = Math.max(...h.filter((o) => o.f === 'write' && o.type !== 'invoke').map((o) => o.time));
    expect(read.time).toBeGreaterThanOrEqual(lastWriteDone);
  });

  it('sleep inside phases delays the next phase', () => {
    const h = simulate(phases(once({ f: 'a', value: null }), sleep(2 * NS_PER_S), once({ f: 'b', value: null })), { concurrency: 1, seed: 1 });
    const b = h.find((o) => o.f === 'b')!;
    expect(b.time).toBeGreaterThanOrEqual(2 * NS_PER_S);
  });

  it('eachProcess gives every worker its own copy', () => {
    const h = simulate(eachProcess(once({ f: 'read', value: null })), { concurrency: 4, seed: 1 });
    expect(
      invokes(h)
        .map((o) => o.process)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
  });

  it('reserve splits workers between generators', () => {
    const g = reserve(
      [
        2,
        limit(
          20,
          fn(() => ({ f: 'write', value: 1 })),
        ),
      ],
      limit(
        20,
        fn(() => ({ f: 'read', value: null })),
      ),
    );
    const h = simulate(g, { concurrency: 5, seed: 4 });
    for (const op of invokes(h)) {
      expect(op.f === 'write').toBe((op.process as number) < 2);
    }
  });

  it('clients and nemesis route operations to the right workers', () => {
    const g = timeLimit(
      NS_PER_S,
      any(clients(stagger(NS_PER_MS, randomWrite)), nemesis(cycle(seq(sleep(200 * NS_PER_MS), once({ f: 'start-partition', value: null }))))),
    );
    const h = simulate(g, { concurrency: 3, seed: 5, withNemesis: true });
    const faults = invokes(h).filter((o) => o.process === 'nemesis');
    expect(faults.length).toBeGreaterThanOrEqual(4);
    expect(faults.every((o) => o.f === 'start-partition')).toBe(true);
    expect(
      invokes(h)
        .filter((o) => o.f === 'write')
        .every((o) => o.process !== 'nemesis'),
    ).toBe(true);
  });

  it('flipFlop alternates between two generators', () => {
    const h = simulate(
      limit(
        6,
        flipFlop(
          fn(() => ({ f: 'a', value: null })),
          fn(() => ({ f: 'b', value: null })),
        ),
      ),
      { concurrency: 1, seed: 1 },
    );
    expect(
      invokes(h)
        .map((o) => o.f)
        .join(''),
    ).toBe('ababab');
  });

  it('mix draws from every generator', () => {
    const h = simulate(
      limit(
        200,
        mix(
          fn(() => ({ f: 'a', value: null })),
          fn(() => ({ f: 'b', value: null })),
        ),
      ),
      { concurrency: 2, seed: 9 },
    );
    const as = invokes(h).filter((o) => o.f === 'a').length;
    expect(as).toBeGreaterThan(60);
    expect(as).toBeLessThan(140);
  });

  it('untilOk retries until an operation succeeds', () => {
    let calls = 0;
    const h = simulate(untilOk(cycle(once({ f: 'read', value: null }))), {
      concurrency: 1,
      seed: 1,
      complete: () => (++calls < 3 ? { type: 'fail' } : { type: 'ok', value: 42 }),
    });
    expect(invokes(h)).toHaveLength(3);
    expect(h.at(-1)).toMatchObject({ type: 'ok', value: 42 });
  });
});
