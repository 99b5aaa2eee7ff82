import type { Invocation } from '../../targets/target.js';
import { selectNodes, type NodeSpec } from '../node-selection.js';
import type { FaultEnvironment, FaultKind } from './fault-kind.js';

const KILL_TARGETS: readonly NodeSpec[] = ['one', 'minority', 'majority', 'primary', 'all'];

/** SIGKILL (or docker kill), then a restart on the same data: crash-recovery. */
export function killFault(env: FaultEnvironment): FaultKind {
  const killed = new Set<string>();

  async function restartAll(): Promise<string[]> {
    const nodes = [...killed];
    for (const node of nodes) {
      await env.runtime.start(node);
      killed.delete(node);
    }
    return nodes;
  }

  return {
    name: 'kill',
    fs: ['kill', 'start'],
    start: (rng) => ({ f: 'kill', value: rng.pick(KILL_TARGETS) }),
    stop: { f: 'start', value: 'all' },
    async apply(op: Invocation) {
      if (op.f === 'start') return { nodes: await restartAll() };
      const nodes = selectNodes(op.value as NodeSpec, env.nodes, env.rng, await env.primary());
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
