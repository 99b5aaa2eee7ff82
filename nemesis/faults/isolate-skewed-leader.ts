import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Invocation } from '../../core/target.js';
import { isolate } from '../grudge.js';
import { isClockSkewable, isPartitionable, type ClockSkewable, type Grudge, type Partitionable } from '../../core/runtime.js';
import { skewableNodes } from './clock-reach.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';

/**
 * isolate-skewed-leader: a scenario in two steps. The primary's wall clock is stepped back by
 * 16–64 s, then the primary is cut off from every other node (clients still reach it). A leader
 * that trusts a wall-clock lease now believes it for that much longer while the others elect a
 * new leader and take writes: the lease bug Jepsen finds with clock bumps aimed at primaries
 * plus partitions. The stop heals the network, then sets every clock back to true time.
 */
export function isolateSkewedLeaderFault(env: FaultEnvironment): FaultKind {
  const name = 'isolate-skewed-leader';
  if (!isClockSkewable(env.runtime)) throw new ConfigError('nemesis', `${name}: the ${env.runtime.kind} runtime cannot skew clocks`);
  if (!isPartitionable(env.runtime)) throw new ConfigError('nemesis', `${name}: the ${env.runtime.kind} runtime cannot partition the network`);
  const clocks: ClockSkewable = env.runtime;
  const network: Partitionable = env.runtime;
  // A leader whose clock cannot be skewed is still cut off; its skew is recorded as not applied.
  skewableNodes(env, name);
  const offsets = new Map<string, number>();
  let skewedLeader: string | undefined;
  let current: Grudge | undefined;

  async function resetClocks(): Promise<string[]> {
    const nodes = [...offsets.keys()];
    for (const node of nodes) {
      await clocks.resetClock(node);
      offsets.delete(node);
    }
    skewedLeader = undefined;
    return nodes;
  }

  async function healNetwork(): Promise<void> {
    await network.heal();
    current = undefined;
  }

  return {
    name,
    fs: ['bump-clock', 'start-partition', 'stop-partition', 'reset-clock'],
    start: (rng: Rng) => [
      { f: 'bump-clock', value: { targets: 'primary', ms: -(2 ** rng.int(14, 16)) } },
      { f: 'start-partition', value: 'isolate-skewed-leader' },
    ],
    stop: [
      { f: 'stop-partition', value: null },
      { f: 'reset-clock', value: 'all' },
    ],
    async apply(op: Invocation) {
      switch (op.f) {
        case 'bump-clock': {
          const { ms } = op.value as { ms: number };
          const primary = await env.primary();
          const node = primary ?? env.rng.pick(env.nodes);
          await clocks.setClockOffset(node, ms);
          offsets.set(node, ms);
          skewedLeader = node;
          return { offsets: { [node]: ms }, primary: primary ?? null };
        }
        case 'start-partition': {
          const node = skewedLeader ?? (await env.primary()) ?? env.rng.pick(env.nodes);
          const grudge = isolate(env.nodes, node);
          await network.partition(grudge);
          current = grudge;
          return { topology: 'isolate-skewed-leader', grudge, isolated: node };
        }
        case 'stop-partition':
          await healNetwork();
          return 'network healed';
        default:
          return { nodes: await resetClocks() };
      }
    },
    async heal() {
      if (current) env.log(`${name}: healing the network partition`);
      await healNetwork();
      await resetClocks();
    },
    active: () => [...(current ? [`${name}: ${skewedLeader ?? '?'} cut off`] : []), ...[...offsets].map(([node, ms]) => `clock ${node} ${ms}ms`)],
  };
}
