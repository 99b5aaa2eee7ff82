import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Invocation } from '../../core/target.js';
import { bridge, explicitGrudge, halves, isolate, majoritiesRing, randomHalves } from '../grudge.js';
import { isPartitionable, type Grudge, type Partitionable } from '../../core/runtime.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';

export const TOPOLOGIES = ['halves', 'random-halves', 'isolate-one', 'isolate-primary', 'majorities-ring', 'bridge'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** Who cannot hear whom, in one line: "n1 | n2 n3" style for the progress line. */
function describe(grudge: Grudge): string {
  const cut = Object.entries(grudge).filter(([, dropped]) => dropped.length > 0);
  return cut.map(([node, dropped]) => `${node}✕${dropped.join(',')}`).join(' ');
}

export interface PartitionOptions {
  /** The kind's name in `--nemesis` and in messages (default "partition"). */
  name?: string;
  /** The topologies each start draws from (default all of them that fit the node count). */
  topologies?: readonly Topology[];
}

/** Network partitions between nodes; the harness's own traffic is never cut. */
export function partitionFault(env: FaultEnvironment, options: PartitionOptions = {}): FaultKind {
  if (!isPartitionable(env.runtime)) throw new ConfigError('nemesis', `the ${env.runtime.kind} runtime cannot partition the network`);
  const runtime: Partitionable = env.runtime;
  let current: Grudge | undefined;
  const topologies = (options.topologies ?? TOPOLOGIES).filter((t) => env.nodes.length >= 3 || (t !== 'bridge' && t !== 'majorities-ring'));

  async function grudgeFor(value: unknown, rng: Rng): Promise<{ topology: string; grudge: Grudge }> {
    const nodes = env.nodes;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { topology: 'explicit', grudge: explicitGrudge(value as Grudge, nodes) };
    switch (value as Topology) {
      case 'halves':
        return { topology: 'halves', grudge: halves(nodes) };
      case 'random-halves':
        return { topology: 'random-halves', grudge: randomHalves(nodes, rng) };
      case 'isolate-one':
        return { topology: 'isolate-one', grudge: isolate(nodes, rng.pick(nodes)) };
      case 'isolate-primary': {
        const primary = await env.primary();
        return { topology: primary ? 'isolate-primary' : 'isolate-one (no primary known)', grudge: isolate(nodes, primary ?? rng.pick(nodes)) };
      }
      case 'majorities-ring':
        return { topology: 'majorities-ring', grudge: majoritiesRing(nodes, rng) };
      case 'bridge':
        return { topology: 'bridge', grudge: bridge(rng.shuffle(nodes)) };
      default:
        throw new ConfigError('start-partition', `unknown topology ${JSON.stringify(value)} (choose ${TOPOLOGIES.join(', ')}, or an explicit grudge)`);
    }
  }

  return {
    name: options.name ?? 'partition',
    fs: ['start-partition', 'stop-partition'],
    start: (rng) => ({ f: 'start-partition', value: rng.pick(topologies) }),
    stop: { f: 'stop-partition', value: null },
    async apply(op: Invocation) {
      if (op.f === 'stop-partition') {
        await runtime.heal();
        current = undefined;
        return 'network healed';
      }
      const { topology, grudge } = await grudgeFor(op.value, env.rng);
      await runtime.partition(grudge);
      current = grudge;
      return { topology, grudge };
    },
    async heal() {
      if (current) env.log('healing the network partition');
      await runtime.heal();
      current = undefined;
    },
    active: () => (current ? [`partition ${describe(current)}`] : []),
  };
}

/**
 * isolate-leader: every partition cuts the current leader off from every other node (clients
 * still reach it), so a leader that acknowledges what no majority holds is always put to the test.
 */
export function isolateLeaderFault(env: FaultEnvironment): FaultKind {
  return partitionFault(env, { name: 'isolate-leader', topologies: ['isolate-primary'] });
}
