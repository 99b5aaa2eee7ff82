import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../core/errors.js';
import { hasPrimary, type Invocation } from '../../core/target.js';
import { isolate } from '../grudge.js';
import { isPartitionable, type Grudge, type Partitionable } from '../../core/runtime.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';
import { restartKilled } from './kill.js';

export interface PartitionRestartOptions {
  /** How long to wait for the rest of the cluster to agree on a new primary (default 10 s). */
  electionWaitMs?: number;
  /** How long the new primary works before its electors are killed (default 1 s). */
  settleMs?: number;
}

/**
 * partition-restart: a scenario of kills under partitions, in four steps.
 *  1. start-partition: cut the primary off (it may go on believing it leads: a deposed leader).
 *  2. kill: once the others agree on a new primary, crash the nodes that elected it (every node
 *     but the two primaries).
 *  3. start-partition: move the cut onto the new primary, so the deposed leader and the crashed
 *     nodes can reach each other and nothing else.
 *  4. start: restart the crashed nodes.
 * A restarted node that remembers the newer term refuses the deposed leader; one that forgot it
 * (term and vote never persisted) follows it, and the two commit over the newer leader's
 * acknowledged writes. The stop heals the network and restarts anything still down.
 */
export function partitionRestartFault(env: FaultEnvironment, options: PartitionRestartOptions = {}): FaultKind {
  const name = 'partition-restart';
  if (!isPartitionable(env.runtime)) throw new ConfigError('nemesis', `${name}: the ${env.runtime.kind} runtime cannot partition the network`);
  if (!hasPrimary(env.target)) throw new ConfigError('nemesis', `${name}: target ${env.target.name} cannot say which node leads`);
  const network: Partitionable = env.runtime;
  const electionWaitMs = options.electionWaitMs ?? 10_000;
  const settleMs = options.settleMs ?? 1_000;
  const killed = new Set<string>();
  let isolated: string | undefined;
  let current: Grudge | undefined;
  /** The primary the others elected while the first one was cut off. */
  let successor: string | undefined;

  async function cutOff(node: string, topology: string): Promise<unknown> {
    const grudge = isolate(env.nodes, node);
    await network.partition(grudge);
    current = grudge;
    isolated = node;
    return { topology, grudge, isolated: node };
  }

  async function awaitSuccessor(deposed: string | undefined, signal: AbortSignal): Promise<string | undefined> {
    const deadline = performance.now() + electionWaitMs;
    while (performance.now() < deadline && !signal.aborted) {
      const primary = await env.primary();
      if (primary !== undefined && primary !== deposed) return primary;
      await sleep(100);
    }
    return undefined;
  }

  return {
    name,
    fs: ['start-partition', 'kill', 'start', 'stop-partition'],
    start: () => [
      { f: 'start-partition', value: 'isolate-primary' },
      { f: 'kill', value: 'electors-of-new-primary' },
      { f: 'start-partition', value: 'isolate-new-primary' },
      { f: 'start', value: 'killed' },
    ],
    stop: [
      { f: 'stop-partition', value: null },
      { f: 'start', value: 'all' },
    ],
    async apply(op: Invocation, signal: AbortSignal) {
      switch (op.f) {
        case 'start-partition': {
          if (op.value === 'isolate-new-primary') {
            if (successor === undefined) return { topology: 'unchanged (no new primary)', grudge: current ?? {}, isolated: isolated ?? null };
            return cutOff(successor, 'isolate-new-primary');
          }
          successor = undefined;
          const primary = await env.primary();
          return cutOff(primary ?? env.rng.pick(env.nodes), primary ? 'isolate-primary' : 'isolate-one (no primary known)');
        }
        case 'kill': {
          const deposed = isolated;
          successor = await awaitSuccessor(deposed, signal);
          if (successor === undefined) return { nodes: [], deposed: deposed ?? null, newPrimary: null };
          // Let the new primary acknowledge writes the deposed one never saw.
          await sleep(settleMs, undefined, { signal }).catch(() => undefined);
          const electors = env.nodes.filter((n) => n !== deposed && n !== successor && env.runtime.isRunning(n));
          for (const node of electors) {
            await env.runtime.kill(node);
            killed.add(node);
          }
          return { nodes: electors, deposed: deposed ?? null, newPrimary: successor };
        }
        case 'start':
          return { nodes: await restartKilled(env.runtime, killed) };
        default:
          await network.heal();
          current = undefined;
          isolated = undefined;
          return 'network healed';
      }
    },
    async heal() {
      if (current) env.log(`${name}: healing the network partition`);
      await network.heal();
      current = undefined;
      isolated = undefined;
      // Out of band (teardown, Ctrl-C) there is no point restarting what is about to stop.
      killed.clear();
    },
    active: () => [...(current && isolated ? [`${name}: ${isolated} cut off`] : []), ...(killed.size ? [`killed ${[...killed].join(',')}`] : [])],
  };
}
