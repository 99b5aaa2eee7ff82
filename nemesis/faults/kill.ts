import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Invocation } from '../../core/target.js';
import { majority } from '../grudge.js';
import { NODE_SPECS, selectNodes, type NodeSpec } from '../node-selection.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';

/** Jepsen's node choices, plus a majority that always holds the primary. */
export type KillTarget = NodeSpec | 'primary-majority';

const KILL_TARGETS: readonly KillTarget[] = ['one', 'minority', 'majority', 'primary', 'all'];

export interface KillOptions {
  /** The kind's name in `--nemesis` and in messages (default "kill"). */
  name?: string;
  /** What each kill aims at, drawn evenly; list one twice to draw it twice as often (default one, minority, majority, primary, all). */
  targets?: readonly KillTarget[];
}

/** The primary and enough other nodes to make a majority, so no quorum survives with the leader's log. */
function primaryMajority(nodes: readonly string[], rng: Rng, primary: string | undefined): string[] {
  const leader = primary !== undefined && nodes.includes(primary) ? primary : rng.pick(nodes);
  const others = rng.shuffle(nodes.filter((n) => n !== leader));
  return [leader, ...others.slice(0, majority(nodes.length) - 1)];
}

/** Starts every node in `killed` again, forgetting each once it runs; returns the ones started. */
export async function restartKilled(runtime: FaultEnvironment['runtime'], killed: Set<string>): Promise<string[]> {
  const nodes = [...killed];
  for (const node of nodes) {
    await runtime.start(node);
    killed.delete(node);
  }
  return nodes;
}

/** SIGKILL (or docker kill), then a restart on the same data: crash-recovery. */
export function killFault(env: FaultEnvironment, options: KillOptions = {}): FaultKind {
  const name = options.name ?? 'kill';
  const targets = options.targets ?? KILL_TARGETS;
  const unknown = targets.filter((t) => t !== 'primary-majority' && !(NODE_SPECS as readonly unknown[]).includes(t) && !Array.isArray(t));
  if (targets.length === 0 || unknown.length > 0) {
    throw new ConfigError(name, `kill targets must be some of ${[...NODE_SPECS, 'primary-majority'].join(', ')}, got ${JSON.stringify(targets)}`);
  }
  const killed = new Set<string>();

  return {
    name,
    fs: ['kill', 'start'],
    start: (rng) => ({ f: 'kill', value: rng.pick(targets) }),
    stop: { f: 'start', value: 'all' },
    async apply(op: Invocation) {
      if (op.f === 'start') return { nodes: await restartKilled(env.runtime, killed) };
      const spec = op.value as KillTarget;
      const primary = await env.primary();
      const nodes = spec === 'primary-majority' ? primaryMajority(env.nodes, env.rng, primary) : selectNodes(spec, env.nodes, env.rng, primary);
      for (const node of nodes) {
        if (!env.runtime.isRunning(node)) continue;
        await env.runtime.kill(node);
        killed.add(node);
      }
      return { nodes };
    },
    async heal() {
      // Out of band (teardown, Ctrl-C) there is no point restarting what is about to stop.
      killed.clear();
    },
    active: () => (killed.size ? [`killed ${[...killed].join(',')}`] : []),
  };
}

/**
 * kill-majority: every kill takes down every node at once (a power cut, two times in three) or a
 * majority that holds the primary, and the start brings them back together. Writes acknowledged
 * but never made durable are then gone from every node (after a power cut), or from every node
 * but one, which the others may outvote.
 */
export function killMajorityFault(env: FaultEnvironment): FaultKind {
  return killFault(env, { name: 'kill-majority', targets: ['all', 'all', 'primary-majority'] });
}
