import { ConfigError } from '../../../core/errors.js';
import type { FaultEnvironment, FaultKind } from '../../../core/target.js';
import { isPartitionable, type NodeInfo, type Partitionable } from '../../../core/runtime.js';
import { isReplicated } from '../run-state.js';
import { lockHolding } from './aim.js';
import { address, scenarioOf, waitForServer, waitUntil } from './scenario.js';

/**
 * failover: the primary's latest grant never reaches its replica, the primary dies, and the
 * replica is promoted (REPLICAOF NO ONE), as Sentinel would do — Redis replication is
 * asynchronous, so the new primary does not know the lock is held. To make "not yet
 * replicated" certain rather than lucky, replication is cut (a partition between the two)
 * until the next grant; then the primary is killed, the cut healed and the replica promoted.
 * Lock clients find the new primary by asking each server's ROLE. The stop restarts the old
 * primary as a replica of the new one.
 */
export function failoverFault(env: FaultEnvironment): FaultKind {
  const s = scenarioOf('failover', env);
  if (!isReplicated(s.options) || s.servers.length < 2)
    throw new ConfigError('nemesis', 'failover needs a primary and a replica: add --redis-replicas 1 (single lock)');
  if (!isPartitionable(s.runtime)) throw new ConfigError('nemesis', `failover: the ${s.runtime.kind} runtime cannot cut replication`);
  const network: Partitionable = s.runtime;
  const killed = new Set<string>();
  let cut = false;
  const node = (name: string): NodeInfo => s.servers.find((n) => n.name === name)!;

  async function heal(): Promise<void> {
    if (!cut) return;
    await network.heal();
    cut = false;
  }

  return {
    name: 'failover',
    fs: ['kill', 'start'],
    start: () => ({ f: 'kill', value: 'primary' }),
    stop: { f: 'start', value: 'all' },
    async apply(op, signal) {
      if (op.f === 'start') {
        const nodes = [...killed];
        for (const name of nodes) {
          // The node's command reads the run's primary: it comes back as a replica of it.
          await s.runtime.start(name);
          await waitForServer(s, node(name));
          killed.delete(name);
        }
        return { nodes, primary: s.run.primary };
      }
      const primary = s.run.primary ?? s.servers[0].name;
      const replica = s.servers.find((n) => n.name !== primary && !killed.has(n.name));
      if (!replica) return { nodes: [], note: 'no replica left to promote' };
      const before = (await lockHolding(s))?.value;
      await network.partition({ [replica.name]: [primary], [primary]: [replica.name] });
      cut = true;
      let holding: Awaited<ReturnType<typeof lockHolding>>;
      await waitUntil(
        async () => {
          holding = await lockHolding(s);
          return holding !== undefined && holding.value !== before;
        },
        s.options.faultWaitMs,
        signal,
        3,
      );
      await s.runtime.kill(primary);
      killed.add(primary);
      await heal();
      await s.run.admin.replicaOf(address(replica), null);
      s.run.primary = replica.name;
      return { nodes: [primary], promoted: replica.name, holder: holding?.owner ?? null, unreplicated: holding !== undefined && holding.value !== before };
    },
    heal,
    active: () => [...(cut ? ['replication cut (failover)'] : []), ...(killed.size ? [`killed ${[...killed].join(',')} (failover)`] : [])],
  };
}
