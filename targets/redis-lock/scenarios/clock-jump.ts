import { ConfigError } from '../../../core/errors.js';
import type { FaultEnvironment, FaultKind } from '../../../core/target.js';
import type { OpTemplate } from '../../../core/generator.js';
import { isClockSkewable, isPartitionable, type ClockSkewable, type Grudge, type Partitionable } from '../../../core/runtime.js';
import { clientNodes } from '../layout.js';
import { onBareMajority, SETTLED_HOLDING_MS, waitForHolding, type Holding } from './aim.js';
import { lockServersNow, scenarioOf } from './scenario.js';

/**
 * clock-jump: the wall clock of one lock server jumps forward by `clockJumpMs` (more than the
 * TTL), so the lock's key there expires at once, while its holder still counts on its lease.
 *
 * For Redlock this is Kleppmann's example: a client reaches only a bare majority of the masters
 * (the others are cut off from it), gets the lock there, and the clock of one of its masters
 * jumps; another client then gathers a majority of its own. Without a cut a holder usually has
 * every master, and one jump takes nothing from its majority. So the fault first sets up the
 * example's two clients: c1 reaches only r1–r3, c2 only r3–r5 (one master shared), and any
 * further client reaches none, so its attempts fail without holding keys anyone needs. Then it
 * waits for a holding and jumps the shared master: the other client finds a majority free, with
 * no one to compete with for it (two clients in one window fall into step and split it).
 * The stop sets the clocks back (reset-clock) and heals the cut; keys set meanwhile then live
 * longer, which costs liveness, not safety.
 */
export function clockJumpFault(env: FaultEnvironment): FaultKind {
  const s = scenarioOf('clock-jump', env);
  if (!isClockSkewable(s.runtime)) throw new ConfigError('nemesis', `clock-jump: the ${s.runtime.kind} runtime cannot skew clocks`);
  const runtime: ClockSkewable = s.runtime;
  const network: Partitionable | undefined = s.quorum > 1 && isPartitionable(s.runtime) ? s.runtime : undefined;
  const skewed = new Set<string>();
  /** Each client's window: the masters it still reaches while the cut lasts. */
  let cut: Map<string, string[]> | undefined;

  async function resetAll(): Promise<string[]> {
    const nodes = [...skewed];
    for (const node of nodes) {
      await runtime.resetClock(node);
      skewed.delete(node);
    }
    return nodes;
  }

  async function healCut(): Promise<boolean> {
    if (!cut || !network) return false;
    await network.heal();
    cut = undefined;
    return true;
  }

  /** Cuts each lock client from every master outside its window of a bare majority. */
  async function cutClients(): Promise<Record<string, unknown>> {
    const clients = clientNodes(s.runtime.nodes).map((n) => n.name);
    if (!network || clients.length < 2) return { note: 'no clients to cut' };
    const masters = s.servers.map((n) => n.name);
    const reachable = [masters.slice(0, s.quorum), masters.slice(-s.quorum)];
    const windows = new Map(clients.map((c, k) => [c, reachable[k] ?? []]));
    const drops = new Map<string, string[]>();
    for (const [client, reached] of windows) {
      const cutOff = masters.filter((m) => !reached.includes(m));
      drops.set(client, cutOff);
      for (const m of cutOff) drops.set(m, [...(drops.get(m) ?? []), client]);
    }
    const grudge: Grudge = Object.fromEntries(drops);
    await network.partition(grudge);
    cut = windows;
    return { reaches: Object.fromEntries(windows) };
  }

  /** The master of `holding` whose loss lets another client's window make a majority of free masters. */
  function masterToJump(holding: Holding): string | undefined {
    if (!cut) return undefined;
    const free = s.servers.map((n) => n.name).filter((m) => !holding.servers.includes(m));
    for (const [client, reached] of cut) {
      if (client === holding.owner || !free.every((m) => reached.includes(m))) continue;
      const shared = holding.servers.filter((m) => reached.includes(m));
      if (shared.length === 1) return shared[0];
    }
    return undefined;
  }

  async function jump(signal: AbortSignal): Promise<Record<string, unknown>> {
    const wanted = s.quorum === 1 ? () => true : cut ? (h: Holding) => masterToJump(h) !== undefined : onBareMajority(s);
    const { holding, aimed } = await waitForHolding(s, wanted, s.options.faultWaitMs, signal, SETTLED_HOLDING_MS);
    const candidates = holding ? holding.servers : lockServersNow(s).map((n) => n.name);
    const server = (holding && masterToJump(holding)) ?? env.rng.pick(candidates);
    const ms = s.settings.clockJumpMs;
    await runtime.setClockOffset(server, ms);
    skewed.add(server);
    return { offsets: { [server]: ms }, holder: holding?.owner ?? null, holderServers: holding?.servers ?? [], aimed };
  }

  const jumpOp: OpTemplate = { f: 'bump-clock', value: 'lock-holder-server' };
  const resetOp: OpTemplate = { f: 'reset-clock', value: 'all' };
  return {
    name: 'clock-jump',
    fs: network ? ['start-partition', 'bump-clock', 'reset-clock', 'stop-partition'] : ['bump-clock', 'reset-clock'],
    start: () => (network ? [{ f: 'start-partition', value: 'two-clients-to-bare-majority-windows' }, jumpOp] : jumpOp),
    stop: network ? [resetOp, { f: 'stop-partition', value: null }] : resetOp,
    async apply(op, signal) {
      if (op.f === 'start-partition') return cutClients();
      if (op.f === 'stop-partition') return { healed: await healCut() };
      if (op.f === 'reset-clock') return { nodes: await resetAll() };
      return jump(signal);
    },
    heal: async () => {
      await resetAll();
      await healCut();
    },
    active: () => [
      ...(skewed.size ? [`clock ${[...skewed].join(',')} +${s.settings.clockJumpMs}ms`] : []),
      ...(cut ? ['two clients cut to bare-majority windows, others to none'] : []),
    ],
  };
}
