import { describe, expect, it } from 'vitest';
import { nemesis, NS_PER_S, simulate, timeLimit } from '../generators/index.js';
import { faultSchedule, type SchedulableFault } from './schedule.js';

// A kind with durationNs (redis-lock's pauses that must outlast a lease, restarts that must come
// back within one) is undone exactly that long after its start completed, not by the draw.

const timedPause: SchedulableFault = { start: () => ({ f: 'pause', value: 'holder' }), stop: { f: 'resume', value: 'all' }, durationNs: 1.5 * NS_PER_S };
const partition: SchedulableFault = { start: () => ({ f: 'start-partition', value: 'halves' }), stop: { f: 'stop-partition', value: null } };

/** Every nemesis operation takes `latencyNs` (a start that waits for its moment takes long). */
function run(faults: SchedulableFault[], seed: number, latencyNs = 1_000_000) {
  const history = simulate(timeLimit(60 * NS_PER_S, nemesis(faultSchedule(faults, 5 * NS_PER_S))), {
    concurrency: 1,
    seed,
    withNemesis: true,
    latency: () => latencyNs,
  });
  return history;
}

describe('faults that time themselves', () => {
  it('stop exactly durationNs after the start completed, however long the start took', () => {
    for (const latency of [1_000_000, 2 * NS_PER_S]) {
      const history = run([timedPause], 4, latency);
      const completions = history.filter((o) => o.type !== 'invoke');
      const invokes = history.filter((o) => o.type === 'invoke');
      expect(invokes.map((o) => o.f).slice(0, 4)).toEqual(['pause', 'resume', 'pause', 'resume']);
      for (let i = 0; i + 1 < invokes.length; i += 2) {
        const started = completions[i];
        const stop = invokes[i + 1];
        expect(started.f).toBe('pause');
        expect(stop.f).toBe('resume');
        expect(Math.abs(stop.time - started.time - 1.5 * NS_PER_S)).toBeLessThan(1_000);
      }
    }
  });

  it('leave the other kinds to the draw, and are never undone early by it', () => {
    const invokes = run([timedPause, partition], 9).filter((o) => o.type === 'invoke');
    let paused = false;
    for (const o of invokes) {
      if (o.f === 'pause') {
        expect(paused).toBe(false);
        paused = true;
      }
      if (o.f === 'resume') paused = false;
    }
    expect(invokes.some((o) => o.f === 'start-partition')).toBe(true);
    expect(invokes.filter((o) => o.f === 'pause').length).toBeGreaterThanOrEqual(2);
  });
});
