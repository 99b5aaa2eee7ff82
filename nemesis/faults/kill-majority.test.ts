import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import type { OpTemplate } from '../../generators/index.js';
import { Rng } from '../../core/rng.js';
import { stepsOf } from '../schedule.js';
import { killFault, killMajorityFault } from './kill.js';
import { faultEnvironment, RecordingRuntime } from './test-support/index.js';

const abort = new AbortController().signal;
const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('kill-majority', () => {
  it('kills a majority holding the primary, or every node, and its stop brings back exactly those', async () => {
    const aims = new Set<unknown>();
    for (let seed = 1; seed <= 20; seed++) {
      const runtime = new RecordingRuntime(NODES);
      const kind = killMajorityFault(faultEnvironment(runtime, ['n4'], seed));
      const [kill] = stepsOf(kind.start(new Rng(seed)));
      aims.add(kill.value);
      const { nodes } = (await kind.apply({ process: 'nemesis', ...kill }, abort)) as { nodes: string[] };
      if (kill.value === 'all') expect(nodes).toEqual(NODES);
      else {
        expect(nodes).toHaveLength(3);
        expect(nodes).toContain('n4');
      }
      expect(kind.active()).toEqual([`killed ${nodes.join(',')}`]);
      const restart = stepsOf(kind.stop!)[0] as OpTemplate;
      expect(await kind.apply({ process: 'nemesis', ...restart }, abort)).toEqual({ nodes });
      expect(runtime.events).toEqual([...nodes.map((n) => `kill ${n}`), ...nodes.map((n) => `start ${n}`)]);
    }
    expect(aims).toEqual(new Set(['primary-majority', 'all']));
  });

  it('refuses kill targets it does not know, naming them', () => {
    const env = faultEnvironment(new RecordingRuntime(NODES), ['n1']);
    expect(() => killFault(env, { targets: ['some' as never] })).toThrow(ConfigError);
    expect(() => killFault(env, { targets: ['some' as never] })).toThrow(/"some"/);
  });
});
