import { describe, expect, it } from 'vitest';
import { nemesis, NS_PER_S, simulate, timeLimit } from '../generators/index.js';
import { faultSchedule, healEverything, type SchedulableFault } from './schedule.js';

const partition: SchedulableFault = {
  start: (rng) => ({ f: 'start-partition', value: rng.pick(['halves', 'bridge']) }),
  stop: { f: 'stop-partition', value: null },
};
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
    for (const [start, stop] of [
      ['start-partition', 'stop-partition'],
      ['pause', 'resume'],
    ]) {
      const mine = ops.filter((o) => o.f === start || o.f === stop).map((o) => o.f);
      mine.forEach((f, i) => expect(f).toBe(i % 2 === 0 ? start : stop));
    }
    const gaps = ops.slice(1).map((o, i) => o.time - ops[i].time);
    expect(gaps.every((g) => g >= 2.5 * NS_PER_S && g <= 7.5 * NS_PER_S)).toBe(true);
  });

  it('lets kinds overlap after the first round, as Jepsen does', () => {
    const overlaps = (seed: number) => {
      let partitioned = false;
      let overlapped = false;
      for (const o of run([partition, pause], seed)) {
        if (o.f === 'start-partition') partitioned = true;
        if (o.f === 'stop-partition') partitioned = false;
        if (o.f === 'pause' && partitioned) overlapped = true;
      }
      return overlapped;
    };
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(seeds.filter(overlaps).length).toBeGreaterThan(2);
  });

  it('draws both kinds of fault over a run, reproducibly by seed', () => {
    const fs = new Set(run([partition, pause], 8).map((o) => o.f));
    expect(fs).toEqual(new Set(['start-partition', 'stop-partition', 'pause', 'resume']));
    expect(run([partition, pause], 8)).toEqual(run([partition, pause], 8));
  });

  it('starts every kind once, each undone before the next, before drawing at random, so a short run tries each kind it was asked for', () => {
    const kill: SchedulableFault = { start: () => ({ f: 'kill', value: 'one' }), stop: { f: 'start', value: 'all' } };
    const stopOf = new Map([
      ['start-partition', 'stop-partition'],
      ['pause', 'resume'],
      ['kill', 'start'],
      ['strobe-clock', undefined],
    ]);
    const orders = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) {
      const first = run([partition, pause, kill, strobe], seed)
        .slice(0, 7)
        .map((o) => o.f);
      const starts = [...new Set(first.filter((f) => stopOf.has(f)))];
      expect(new Set(starts)).toEqual(new Set(['start-partition', 'pause', 'kill', 'strobe-clock']));
      // Each start but the self-undoing strobe and the round's last is followed at once by its own stop.
      for (let i = 0, k = 0; k < starts.length - 1; k++) {
        expect(first[i]).toBe(starts[k]);
        const stop = stopOf.get(starts[k]);
        i += stop === undefined ? 1 : 2;
        if (stop !== undefined) expect(first[i - 1]).toBe(stop);
      }
      orders.add(starts.join());
    }
    // The order is the seed's, not fixed.
    expect(orders.size).toBeGreaterThan(1);
  });

  it('does not emit a stop for faults that undo themselves', () => {
    expect(run([strobe], 1).every((o) => o.f === 'strobe-clock')).toBe(true);
  });

  it('heals with every kind’s undo operation, once each', () => {
    const heal = healEverything([partition, pause, strobe])!;
    const fs = simulate(nemesis(heal), { concurrency: 1, seed: 1, withNemesis: true })
      .filter((o) => o.type === 'invoke')
      .map((o) => o.f);
    expect(fs).toEqual(['stop-partition', 'resume']);
  });
});
