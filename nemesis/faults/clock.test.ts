import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { clockFault } from './clock.js';
import { faultEnvironment, RecordingRuntime } from './test-support/index.js';

const abort = new AbortController().signal;

describe('clock bumps', () => {
  it('give each chosen node an offset of its own, as Jepsen’s bump-gen does, so the nodes disagree with each other', async () => {
    let disagreed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
      const kind = clockFault(faultEnvironment(runtime, ['n1'], seed));
      const value = { targets: 'all', ms: 512, each: true };
      const { offsets } = (await kind.apply({ process: 'nemesis', f: 'bump-clock', value }, abort)) as { offsets: Record<string, number> };
      expect(Object.keys(offsets)).toHaveLength(3);
      expect(Object.values(offsets)).toContain(512);
      for (const ms of Object.values(offsets)) expect(Math.abs(ms)).toBeGreaterThanOrEqual(128);
      if (new Set(Object.values(offsets)).size > 1) disagreed++;
    }
    expect(disagreed).toBeGreaterThan(15);
  });

  it('give every chosen node the same offset when the operation names one for all', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
    const kind = clockFault(faultEnvironment(runtime, ['n1']));
    const { offsets } = (await kind.apply({ process: 'nemesis', f: 'bump-clock', value: { targets: 'all', ms: 5000 } }, abort)) as {
      offsets: Record<string, number>;
    };
    expect(offsets).toEqual({ n1: 5000, n2: 5000, n3: 5000 });
  });

  it('draws bumps that ask for offsets of their own', () => {
    const kind = clockFault(faultEnvironment(new RecordingRuntime(['n1', 'n2', 'n3']), ['n1']));
    const bumps = Array.from({ length: 40 }, (_, seed) => kind.start(new Rng(seed + 1))).filter(
      (s) => !Array.isArray(s) && (s as { f: string }).f === 'bump-clock',
    );
    expect(bumps.length).toBeGreaterThan(0);
    for (const bump of bumps) expect((bump as { value: { each?: boolean } }).value.each).toBe(true);
  });
});
