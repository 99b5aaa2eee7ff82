import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { majority } from './grudge.js';

// Which nodes a fault hits, as Jepsen names them. Pure: the caller supplies the nodes, the
// primary (when the target can tell) and the Rng.

export const NODE_SPECS = ['one', 'minority', 'majority', 'all', 'primary'] as const;
export type NodeSpecName = (typeof NODE_SPECS)[number];
/** A named choice, or an explicit list of node names. */
export type NodeSpec = NodeSpecName | readonly string[];

export function selectNodes(spec: NodeSpec, nodes: readonly string[], rng: Rng, primary?: string): string[] {
  if (Array.isArray(spec)) {
    const unknown = spec.filter((n) => !nodes.includes(n));
    if (unknown.length) throw new ConfigError('targets', `not nodes of this run: ${unknown.join(', ')} (nodes: ${nodes.join(', ')})`);
    return [...spec];
  }
  switch (spec) {
    case 'one':
      return [rng.pick(nodes)];
    case 'minority':
      return rng.shuffle(nodes).slice(0, Math.max(1, majority(nodes.length) - 1));
    case 'majority':
      return rng.shuffle(nodes).slice(0, majority(nodes.length));
    case 'all':
      return [...nodes];
    case 'primary':
      // Without a known primary, hit one node: the fault still happens, just less aimed.
      return [primary && nodes.includes(primary) ? primary : rng.pick(nodes)];
    default:
      throw new ConfigError('targets', `unknown node choice ${JSON.stringify(spec)} (choose ${NODE_SPECS.join(', ')}, or a list of node names)`);
  }
}
