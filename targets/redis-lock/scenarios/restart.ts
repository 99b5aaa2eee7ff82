import { NS_PER_MS } from '../../../generators/index.js';
import type { FaultEnvironment, FaultKind } from '../../../core/target.js';
import { onBareMajority, SETTLED_HOLDING_MS, waitForHolding } from './aim.js';
import { lockServersNow, scenarioOf, waitForServer } from './scenario.js';

/** A killed server is started again at once: a crash and restart well within a lease. */
const DOWNTIME_MS = 0;

/**
 * restart: SIGKILL a server that holds the lock and start it again at once. Without
 * persistence it comes back empty and grants the lock to the next client while the holder's
 * lease runs on; with AOF (fsynced every second, or always) the key survives a process crash.
 * Aimed for Redlock at a master of a bare-majority holder. The Redlock article's remedy, a
 * restarted master that stays unavailable for a TTL, is not applied here.
 */
export function restartFault(env: FaultEnvironment): FaultKind {
  const s = scenarioOf('restart', env);
  const killed = new Set<string>();

  async function restartAll(): Promise<string[]> {
    const nodes = [...killed];
    for (const name of nodes) {
      await s.runtime.start(name);
      const node = s.servers.find((n) => n.name === name)!;
      if (!(await waitForServer(s, node))) s.log(`restart: ${name} does not answer PING after its restart`);
      killed.delete(name);
    }
    return nodes;
  }

  return {
    name: 'restart',
    fs: ['kill', 'start'],
    start: () => ({ f: 'kill', value: 'lock-holder-server' }),
    stop: { f: 'start', value: 'all' },
    durationNs: DOWNTIME_MS * NS_PER_MS,
    async apply(op, signal) {
      if (op.f === 'start') return { nodes: await restartAll() };
      const wanted = s.quorum > 1 ? onBareMajority(s) : () => true;
      const { holding, aimed } = await waitForHolding(s, wanted, s.options.faultWaitMs, signal, SETTLED_HOLDING_MS);
      const server = env.rng.pick(holding ? holding.servers : lockServersNow(s).map((n) => n.name));
      await s.runtime.kill(server);
      killed.add(server);
      return { nodes: [server], holder: holding?.owner ?? null, holderServers: holding?.servers ?? [], aimed, persistence: s.options.redisPersistence };
    },
    heal: async () => {
      // Out of band (teardown, Ctrl-C) the runtime is about to stop every node anyway.
      killed.clear();
    },
    active: () => (killed.size ? [`killed ${[...killed].join(',')} (restart)`] : []),
  };
}
