import { describe, expect, it } from 'vitest';
import { nemesis, NS_PER_S, simulate, timeLimit } from '../generators/index.js';
import { faultSchedule, healEverything, type SchedulableFault } from './schedule.js';

// A scenario kind starts (or stops) with several operations, each its own history event,
// performed back to back; nothing else is drawn in between, and the next interval counts from
// the script's end.

const scenario: SchedulableFault = {
  start: () => [
    { f: 'start-partition', value: 'isolate-primary' },
    { f: 'kill', value: 'electors' },
    { f: 'start-partition', value: 'isolate-new-primary' },
    { f: 'start', value: 'killed' },
  ],
  stop: [
    { f: 'stop-partition', value: null },
    { f: 'start', value: 'all' },
  ],
};
const pause: SchedulableFault = { start: () => ({ f: 'pause', value: 'one' }), stop: { f: 'resume', value: 'all' } };
const timedScenario: SchedulableFault = { ...scenario, durationNs: 2 * NS_PER_S };

const SCRIPT = ['start-partition', 'kill', 'start-partition', 'start'];
const UNDO = ['stop-partition', 'start'];

function run(faults: SchedulableFault[], seed: number, latencyNs = 1_000_000) {
  return simulate(timeLimit(120 * NS_PER_S, nemesis(faultSchedule(faults, 5 * NS_PER_S))), {
    concurrency: 1,
    seed,
    withNemesis: true,
    latency: () => latencyNs,
  });
}

describe('scripted faults', () => {
  it('perform every step of a start, then every step of its stop, in order and uninterrupted', () => {
    const invokes = run([scenario, pause], 2).filter((o) => o.type === 'invoke');
    const fs = invokes.map((o) => o.f);
    let i = 0;
    let scripts = 0;
    while (i < fs.length) {
      if (fs[i] === 'pause' || fs[i] === 'resume') {
        i++;
        continue;
      }
      const script = fs[i] === 'start-partition' ? SCRIPT : UNDO;
      // The history may end inside a script; what is there must be its prefix.
      expect(fs.slice(i, i + script.length)).toEqual(script.slice(0, fs.length - i));
      expect(script).toBe(scripts % 2 === 0 ? SCRIPT : UNDO);
      i += script.length;
      scripts++;
    }
    expect(scripts).toBeGreaterThanOrEqual(4);
  });

  it('count the next interval from the end of a script, however long its steps take', () => {
    const history = run([scenario], 3, 3 * NS_PER_S);
    const invokes = history.filter((o) => o.type === 'invoke');
    const lastStepDone = history.filter((o) => o.type !== 'invoke' && o.f === 'start' && o.value === 'killed');
    expect(lastStepDone.length).toBeGreaterThanOrEqual(2);
    for (const done of lastStepDone) {
      const stop = invokes.find((o) => o.time > done.time);
      if (stop === undefined) continue;
      expect(stop.f).toBe('stop-partition');
      expect(stop.time - done.time).toBeGreaterThanOrEqual(2.5 * NS_PER_S);
      expect(stop.time - done.time).toBeLessThanOrEqual(7.5 * NS_PER_S);
    }
  });

  it('time a timed kind from the completion of its start’s last step', () => {
    const history = run([timedScenario], 4, 500_000_000);
    const lastStepDone = history.filter((o) => o.type !== 'invoke' && o.f === 'start' && o.value === 'killed');
    const stops = history.filter((o) => o.type === 'invoke' && o.f === 'stop-partition');
    expect(stops.length).toBeGreaterThanOrEqual(2);
    stops.forEach((stop, i) => expect(stop.time - lastStepDone[i].time).toBe(2 * NS_PER_S));
  });

  it('heal with every step of every undo', () => {
    const heal = healEverything([scenario, pause])!;
    const fs = simulate(nemesis(heal), { concurrency: 1, seed: 1, withNemesis: true })
      .filter((o) => o.type === 'invoke')
      .map((o) => o.f);
    expect(fs).toEqual(['stop-partition', 'start', 'resume']);
  });
});
