import { ConfigError } from '../../core/errors.js';
import type { Invocation } from '../../core/target.js';
import { selectNodes, type NodeSpec } from '../node-selection.js';
import { isPausable, type Pausable } from '../../core/runtime.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';

const PAUSE_TARGETS: readonly NodeSpec[] = ['one', 'minority', 'majority', 'primary'];

/** SIGSTOP (or docker pause): the process is frozen, its sockets open but silent. */
export function pauseFault(env: FaultEnvironment): FaultKind {
  if (!isPausable(env.runtime)) throw new ConfigError('nemesis', `the ${env.runtime.kind} runtime cannot pause nodes`);
  const runtime: Pausable = env.runtime;
  const paused = new Set<string>();

  async function resumeAll(): Promise<string[]> {
    const nodes = [...paused];
    for (const node of nodes) {
      // A paused node that was killed meanwhile has nothing left to resume.
      if (env.runtime.isRunning(node)) await runtime.resume(node);
      paused.delete(node);
    }
    return nodes;
  }

  return {
    name: 'pause',
    fs: ['pause', 'resume'],
    start: (rng) => ({ f: 'pause', value: rng.pick(PAUSE_TARGETS) }),
    stop: { f: 'resume', value: 'all' },
    async apply(op: Invocation) {
      if (op.f === 'resume') return { nodes: await resumeAll() };
      const nodes = selectNodes(op.value as NodeSpec, env.nodes, env.rng, await env.primary());
      for (const node of nodes) {
        if (paused.has(node) || !env.runtime.isRunning(node)) continue;
        await runtime.pause(node);
        paused.add(node);
      }
      return { nodes };
    },
    async heal() {
      await resumeAll();
    },
    active: () => (paused.size ? [`paused ${[...paused].join(',')}`] : []),
  };
}
