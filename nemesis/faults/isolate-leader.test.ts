import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { stepsOf } from '../schedule.js';
import { AIMED_FAULT_KINDS } from './aimed.js';
import { faultEnvironment, RecordingRuntime } from './test-support/index.js';

const abort = new AbortController().signal;
const NODES = ['n1', 'n2', 'n3'];

describe('isolate-leader', () => {
  it('cuts whichever node leads at that moment off from every other node, and its stop heals', async () => {
    const runtime = new RecordingRuntime(NODES);
    const kind = AIMED_FAULT_KINDS['isolate-leader'](faultEnvironment(runtime, ['n2', 'n3']));
    expect(kind.name).toBe('isolate-leader');
    for (const [seed, leader] of [
      [1, 'n2'],
      [2, 'n3'],
    ] as const) {
      const [start] = stepsOf(kind.start(new Rng(seed)));
      expect(start).toEqual({ f: 'start-partition', value: 'isolate-primary' });
      const applied = await kind.apply({ process: 'nemesis', ...start }, abort);
      const others = NODES.filter((n) => n !== leader);
      expect(applied).toEqual({ topology: 'isolate-primary', grudge: { [leader]: others, ...Object.fromEntries(others.map((n) => [n, [leader]])) } });
    }
    const [stop] = stepsOf(kind.stop!);
    expect(await kind.apply({ process: 'nemesis', ...stop }, abort)).toBe('network healed');
    expect(runtime.events.at(-1)).toBe('heal');
  });
});
