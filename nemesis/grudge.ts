import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Grudge } from '../core/runtime.js';

// Partition topologies as plain data. A grudge says, for each node, whose packets it drops
// (grudge[a] = nodes a refuses to hear from), as Jepsen's nemesis does; the runtimes only apply
// one. Every function here returns a normalised grudge: one key per node, in the given node
// order, each list in node order without repeats or the node itself. Nothing here does I/O.

/** The smallest number of nodes that is more than half of n. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Splits a list in two, the first half the smaller one when the count is odd. */
export function bisect<T>(items: readonly T[]): [T[], T[]] {
  const cut = Math.floor(items.length / 2);
  return [items.slice(0, cut), items.slice(cut)];
}

/** Nobody drops anything: the healed network. */
export function noGrudge(nodes: readonly string[]): Grudge {
  return build(nodes, () => []);
}

/** Each node hears only the nodes of its own component; nodes in no component hear everyone. */
export function completeGrudge(components: readonly (readonly string[])[], nodes?: readonly string[]): Grudge {
  const all = nodes ?? [...new Set(components.flat())];
  checkNodes(all, 'nodes');
  const componentOf = new Map<string, number>();
  components.forEach((component, c) => {
    for (const node of component) {
      if (!all.includes(node)) throw new ConfigError(`components[${c}]`, `${JSON.stringify(node)} is not one of the nodes`);
      if (componentOf.has(node)) throw new ConfigError(`components[${c}]`, `${JSON.stringify(node)} is in two components`);
      componentOf.set(node, c);
    }
  });
  return build(all, (node) => {
    const mine = componentOf.get(node);
    if (mine === undefined) return [];
    return all.filter((other) => componentOf.has(other) && componentOf.get(other) !== mine);
  });
}

/** The first half (the smaller when odd) against the rest, in the given order. */
export function halves(nodes: readonly string[]): Grudge {
  return completeGrudge(bisect(nodes), nodes);
}

/** Two halves drawn at random. */
export function randomHalves(nodes: readonly string[], rng: Rng): Grudge {
  return completeGrudge(bisect(rng.shuffle(nodes)), nodes);
}

/** One node cut off from all others. */
export function isolate(nodes: readonly string[], node: string): Grudge {
  if (!nodes.includes(node)) throw new ConfigError('node', `${JSON.stringify(node)} is not one of ${nodes.join(', ')}`);
  return completeGrudge([[node], nodes.filter((n) => n !== node)], nodes);
}

/** One node, drawn at random, cut off from all others. */
export function isolateRandom(nodes: readonly string[], rng: Rng): Grudge {
  return isolate(nodes, rng.pick(nodes));
}

/**
 * Every node hears a majority (itself and its neighbours on a ring), but no two nodes hear the
 * same majority, so no majority agrees on who is in it. The ring follows the given order, or a
 * random one when an Rng is given.
 */
export function majoritiesRing(nodes: readonly string[], rng?: Rng): Grudge {
  checkNodes(nodes, 'nodes');
  const ring = rng ? rng.shuffle(nodes) : [...nodes];
  const n = ring.length;
  const m = majority(n);
  const heard = new Map<string, Set<string>>();
  ring.forEach((node, p) => {
    const window = new Set<string>();
    for (let k = 0; k < m; k++) window.add(ring[(p - Math.floor(m / 2) + k + n) % n]);
    heard.set(node, window);
  });
  return build(nodes, (node) => nodes.filter((other) => !heard.get(node)?.has(other)));
}

/**
 * The network cut in two halves, except for one node in the middle that both sides still hear
 * and that hears both: the first node of the second half.
 */
export function bridge(nodes: readonly string[]): Grudge {
  if (nodes.length < 3) throw new ConfigError('nodes', `a bridge needs at least 3 nodes, got ${nodes.length}`);
  const [left, right] = bisect(nodes);
  return completeGrudge([left, right.slice(1)], nodes);
}

/** Each node drops exactly the nodes it used to hear, and hears the ones it dropped. */
export function invertGrudge(grudge: Grudge, nodes: readonly string[]): Grudge {
  validateGrudge(grudge, nodes);
  return build(nodes, (node) => nodes.filter((other) => other !== node && !(grudge[node] ?? []).includes(other)));
}

/** A grudge written out by hand (e.g. from a config file), checked and normalised. */
export function explicitGrudge(spec: Grudge, nodes: readonly string[]): Grudge {
  validateGrudge(spec, nodes);
  return build(nodes, (node) => nodes.filter((other) => (spec[node] ?? []).includes(other)));
}

/** Throws ConfigError naming the first entry that is not a node or names a node itself. */
export function validateGrudge(grudge: Grudge, nodes: readonly string[]): void {
  if (typeof grudge !== 'object' || grudge === null || Array.isArray(grudge)) {
    throw new ConfigError('grudge', `must map node names to lists of node names, got ${JSON.stringify(grudge)}`);
  }
  const known = new Set(nodes);
  for (const [node, dropped] of Object.entries(grudge)) {
    if (!known.has(node)) throw new ConfigError(`grudge.${node}`, `${JSON.stringify(node)} is not one of ${nodes.join(', ')}`);
    if (!Array.isArray(dropped)) throw new ConfigError(`grudge.${node}`, `must be a list of node names, got ${JSON.stringify(dropped)}`);
    dropped.forEach((other: unknown, i: number) => {
      if (typeof other !== 'string' || !known.has(other)) {
        throw new ConfigError(`grudge.${node}[${i}]`, `${JSON.stringify(other)} is not one of ${nodes.join(', ')}`);
      }
      if (other === node) throw new ConfigError(`grudge.${node}[${i}]`, `a node cannot drop its own packets`);
    });
  }
}

function build(nodes: readonly string[], drops: (node: string) => readonly string[]): Grudge {
  checkNodes(nodes, 'nodes');
  const grudge: Record<string, readonly string[]> = {};
  for (const node of nodes) grudge[node] = Object.freeze(drops(node).filter((other) => other !== node));
  return Object.freeze(grudge);
}

function checkNodes(nodes: readonly string[], field: string): void {
  if (new Set(nodes).size !== nodes.length) throw new ConfigError(field, `node names repeat: ${nodes.join(', ')}`);
}
