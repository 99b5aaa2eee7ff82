import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterNodeNames, type Target } from '../core/target.js';

// A target may name its nodes (redis-lock: servers r1…, lock clients c1…); otherwise a run
// lays out n1…nN from --nodes or the target's default.

function target(cluster: Partial<NonNullable<Target['cluster']>> | undefined): Target {
  return {
    name: 't',
    summary: '',
    optionsSchema: z.object({}),
    workloads: ['w'],
    defaultWorkload: 'w',
    workload: () => ({ name: 'w', generator: null as never, checkers: [] }),
    openClient: async () => ({ invoke: async () => ({ type: 'ok' }), close: async () => undefined }),
    cluster: cluster === undefined ? undefined : { defaultNodes: 3, port: 7000, command: () => ({ command: 'x', args: [] }), ...cluster },
  };
}

describe('cluster node names', () => {
  it('are n1…nN from --nodes, or from the default count', () => {
    expect(clusterNodeNames(target({}), {}, { concurrency: 5, nodes: undefined })).toEqual(['n1', 'n2', 'n3']);
    expect(clusterNodeNames(target({}), {}, { concurrency: 5, nodes: 2 })).toEqual(['n1', 'n2']);
  });

  it("are the target's own when it names them, from its options, the concurrency and --nodes", () => {
    const named = target({
      names: (_options, { concurrency, nodes }) => [
        ...Array.from({ length: nodes ?? 1 }, (_, i) => `r${i + 1}`),
        ...Array.from({ length: concurrency }, (_, i) => `c${i + 1}`),
      ],
    });
    expect(clusterNodeNames(named, {}, { concurrency: 2, nodes: 3 })).toEqual(['r1', 'r2', 'r3', 'c1', 'c2']);
  });

  it('are none for an in-process target or options that point at a running system', () => {
    expect(clusterNodeNames(target(undefined), {}, { concurrency: 5, nodes: 3 })).toEqual([]);
    expect(clusterNodeNames(target({ enabled: () => false }), {}, { concurrency: 5, nodes: 3 })).toEqual([]);
  });
});
