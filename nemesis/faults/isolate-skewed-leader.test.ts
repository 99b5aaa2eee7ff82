import { describe, expect, it } from 'vitest';
import type { OpTemplate } from '../../generators/index.js';
import { Rng } from '../../core/rng.js';
import { stepsOf } from '../schedule.js';
import type { FaultKind } from '../../core/target.js';
import { isolateSkewedLeaderFault } from './isolate-skewed-leader.js';
import { faultEnvironment, RecordingRuntime } from './test-support/index.js';

const abort = new AbortController().signal;

async function perform(kind: FaultKind, steps: OpTemplate[]): Promise<unknown[]> {
  const values: unknown[] = [];
  for (const step of steps) values.push(await kind.apply({ process: 'nemesis', ...step }, abort));
  return values;
}

describe('isolate-skewed-leader', () => {
  it('steps the primary’s clock back by 16 to 64 s, then cuts that node off from every other', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
      const kind = isolateSkewedLeaderFault(faultEnvironment(runtime, ['n2'], seed));
      const start = stepsOf(kind.start(new Rng(seed)));
      expect(start.map((s) => s.f)).toEqual(['bump-clock', 'start-partition']);
      const [bumped, cut] = (await perform(kind, start)) as [{ offsets: Record<string, number> }, { isolated: string }];
      const ms = bumped.offsets.n2;
      expect([-16_384, -32_768, -65_536]).toContain(ms);
      expect(cut.isolated).toBe('n2');
      expect(runtime.events).toEqual([`clock n2 ${ms}`, 'partition n2|n1 n3']);
      expect(kind.active()).toEqual(['isolate-skewed-leader: n2 cut off', `clock n2 ${ms}ms`]);
    }
  });

  it('stops by healing the network, then setting the clock back to true time', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
    const kind = isolateSkewedLeaderFault(faultEnvironment(runtime, ['n3']));
    await perform(kind, stepsOf(kind.start(new Rng(1))));
    runtime.events.length = 0;
    await perform(kind, stepsOf(kind.stop!));
    expect(runtime.events).toEqual(['heal', 'reset-clock n3']);
    expect(runtime.offsets.size).toBe(0);
    expect(kind.active()).toEqual([]);
  });

  it('undoes everything out of band as well', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
    const kind = isolateSkewedLeaderFault(faultEnvironment(runtime, ['n1']));
    await perform(kind, stepsOf(kind.start(new Rng(1))));
    await kind.heal();
    expect(runtime.grudge).toBeNull();
    expect(runtime.offsets.size).toBe(0);
  });
});
