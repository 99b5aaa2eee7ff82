import { describe, expect, it } from 'vitest';
import { nemesis, NS_PER_S, simulate, timeLimit } from '../generators/index.js';
import { faultSchedule, healEverything, type SchedulableFault } from './schedule.js';

const partition: SchedulableFault = { start: (rng) => ({ f: 'start-partition', value: rng.pick(['halves', 'bridge']) }), stop: { f: 'stop-partition', value: null } };
const pause: SchedulableFault = { start: () => ({ f: 'pause', value: 'one' }), stop: { f: 'resume', value: 'all' } };
const strobe: SchedulableFault = { start: () => ({ f: 'strobe-clock', value: {} }), stop: null };

function run(faults: SchedulableFault[], seed: number) {
  const history = simulate(timeLimit(60 * NS_PER_S, nemesis(faultSchedule(faults, 5 * NS_PER_S))), { concurrency: 1, seed, withNemesis: true });
  return history.filter((o) => o.type === 'invoke');
}

describe('the combined fault schedule', () => {
  it('starts and stops each kind in turn, at intervals of half to one and a half times the setting', () => {
    const ops = run([partition, pause], 3);
    expect(ops.length).toBeGreaterThanOrEqual(8);
    for (const [start, stop] of [['start-partition', 'stop-partition'], ['pause', 'resume']]) {
      const mine = ops.filter((o) => o.f === start || o.f === stop).map((o) => o.f);
      mine.forEach((f, i) => expect(f).toBe(i % 2 === 0 ? start : stop));
    }
    const gaps = ops.slice(1).map((o, i) => o.time - ops[i].time);
    expect(gaps.every((g) => g >= 2.5 * NS_PER_S && g <= 7.5 * NS_PER_S)).toBe(true);
  });

  it('lets kinds overlap, as Jepsen does', () => {
    const ops = run([partition, pause], 5);
    let partitioned = false;
    let overlapped = false;
    for (const o of ops) {
      if (o.f === 'start-partition') partitioned = true;
      if (o.f === 'stop-partition') partitioned = false;
      if (o.f === 'pause' && partitioned) overlapped = true;
    }
    expect(overlapped).toBe(true);
  });

  it('draws both kinds of fault over a run, reproducibly by seed', () => {
    const fs = new Set(run([partition, pause], 8).map((o) => o.f));
    expect(fs).toEqual(new Set(['start-partition', 'stop-partition', 'pause', 'resume']));
    expect(run([partition, pause], 8)).toEqual(run([partition, pause], 8));
  });

  it('starts every kind once before drawing at random, so a short run tries each kind it was asked for', () => {
    const kill: SchedulableFault = { start: () => ({ f: 'kill', value: 'one' }), stop: { f: 'start', value: 'all' } };
    const orders = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) {
      const firstThree = run([partition, pause, kill], seed).slice(0, 3).map((o) => o.f);
      expect(new Set(firstThree)).toEqual(new Set(['start-partition', 'pause', 'kill']));
      orders.add(firstThree.join());
    }
    // The order is the seed's, not fixed.
    expect(orders.size).toBeGreaterThan(1);
  });

  it('does not emit a stop for faults that undo themselves', () => {
    expect(run([strobe], 1).every((o) => o.f === 'strobe-clock')).toBe(true);
  });

  it('heals with every kind’s undo operation, once each', () => {
    const heal = healEverything([partition, pause, strobe])!;
    const fs = simulate(nemesis(heal), { concurrency: 1, seed: 1, withNemesis: true }).filter((o) => o.type === 'invoke').map((o) => o.f);
    expect(fs).toEqual(['stop-partition', 'resume']);
  });
});
