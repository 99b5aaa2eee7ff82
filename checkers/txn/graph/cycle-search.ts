import type { SearchBudget } from './budget.js';
import type { Csr } from './csr.js';
import { classifyCycle, type CycleAutomaton } from './cycle-automata.js';
import { KIND_COUNT } from './edge-kinds.js';

/** A simple cycle: edge i runs from nodes[i] to nodes[(i + 1) % n] with kind index kinds[i]. */
export interface FoundCycle {
  nodes: number[];
  kinds: number[];
}

export const OUT_OF_BUDGET = 'out-of-budget' as const;
export type SearchOutcome = FoundCycle | null | typeof OUT_OF_BUDGET;

export interface TypedCycle {
  cycle: FoundCycle;
  /** True when every start was tried, so no shorter cycle of this type exists in the graph. */
  minimal: boolean;
}

/**
 * Breadth-first search over (node, automaton state) pairs in one component's graph. The
 * scratch arrays are reused across searches and invalidated by a stamp, so trying every
 * start node costs only what each search visits.
 */
export class CycleSearcher {
  private seen = new Int32Array(0);
  private parent = new Int32Array(0);
  private parentKind = new Uint8Array(0);
  private queue = new Int32Array(0);
  private stamp = 0;

  constructor(
    private readonly graph: Csr,
    private readonly budget: SearchBudget,
  ) {}

  /** The first start (in the given order) with a cycle of the automaton's type, and that cycle. */
  firstCycle(automaton: CycleAutomaton, starts: ArrayLike<number>): { cycle: FoundCycle; startIndex: number } | null | typeof OUT_OF_BUDGET {
    for (let i = 0; i < starts.length; i++) {
      const outcome = this.shortestThrough(automaton, starts[i], Number.MAX_SAFE_INTEGER);
      if (outcome === OUT_OF_BUDGET) return OUT_OF_BUDGET;
      if (outcome) return { cycle: outcome, startIndex: i };
    }
    return null;
  }

  /**
   * Tries the starts after `startIndex` for a shorter cycle than `found`; the earlier starts
   * had none at all. Minimal when every start was tried before the budget ran out.
   */
  shorten(automaton: CycleAutomaton, starts: ArrayLike<number>, startIndex: number, found: FoundCycle): TypedCycle {
    let best = found;
    for (let i = startIndex + 1; i < starts.length && best.nodes.length > 2; i++) {
      const outcome = this.shortestThrough(automaton, starts[i], best.nodes.length - 1);
      if (outcome === OUT_OF_BUDGET) return { cycle: best, minimal: false };
      if (outcome) best = outcome;
    }
    return { cycle: best, minimal: true };
  }

  /** The shortest cycle of the automaton's type through `start` with at most `maxLength` edges. */
  shortestThrough(automaton: CycleAutomaton, start: number, maxLength: number): SearchOutcome {
    const { offsets, targets, kinds } = this.graph;
    const S = automaton.stateCount;
    this.ensureScratch(this.graph.nodeCount * S);
    const stamp = this.nextStamp();
    const { seen, parent, parentKind, queue } = this;
    const next = automaton.next;
    const accepting = automaton.accepting;
    const allowed = automaton.allowedKinds;

    const origin = start * S + automaton.start;
    seen[origin] = stamp;
    queue[0] = origin;
    let head = 0;
    let tail = 1;
    let levelEnd = 1;
    let depth = 0;
    while (head < tail) {
      if (head === levelEnd) {
        depth++;
        levelEnd = tail;
      }
      if (depth + 1 > maxLength) return null;
      const cur = queue[head++];
      const node = (cur / S) | 0;
      const state = cur - node * S;
      const from = offsets[node];
      const to = offsets[node + 1];
      if (!this.budget.charge(to - from + 1)) return OUT_OF_BUDGET;
      for (let e = from; e < to; e++) {
        let mask = kinds[e] & allowed;
        if (mask === 0) continue;
        const w = targets[e];
        for (let k = 0; mask !== 0; k++, mask >>= 1) {
          if ((mask & 1) === 0) continue;
          const nextState = next[state * KIND_COUNT + k];
          if (nextState < 0) continue;
          if (w === start) {
            if (accepting[nextState] === 0) continue;
            const cycle = simpleCycleOfType(this.unwind(origin, cur, S, k, start), automaton);
            if (cycle) return cycle;
            continue;
          }
          const id = w * S + nextState;
          if (seen[id] === stamp) continue;
          seen[id] = stamp;
          parent[id] = cur;
          parentKind[id] = k;
          queue[tail++] = id;
        }
      }
    }
    return null;
  }

  private unwind(origin: number, last: number, S: number, closingKind: number, start: number): FoundCycle {
    const nodes: number[] = [];
    const kinds: number[] = [closingKind];
    for (let x = last; x !== origin; x = this.parent[x]) {
      nodes.push((x / S) | 0);
      kinds.push(this.parentKind[x]);
    }
    nodes.push(start);
    nodes.reverse();
    kinds.reverse();
    return { nodes, kinds };
  }

  private ensureScratch(size: number): void {
    if (this.seen.length >= size) return;
    this.seen = new Int32Array(size);
    this.parent = new Int32Array(size);
    this.parentKind = new Uint8Array(size);
    this.queue = new Int32Array(size);
    this.stamp = 0;
  }

  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/**
 * The product search can return a closed walk that passes some transaction twice. Such a
 * walk splits into simple cycles; we keep one of the wanted type, or give up on this start
 * (the simple cycle is then found from another start, and is shorter).
 */
function simpleCycleOfType(walk: FoundCycle, automaton: CycleAutomaton): FoundCycle | null {
  if (new Set(walk.nodes).size === walk.nodes.length) return walk;
  for (const cycle of splitClosedWalk(walk)) {
    if (classifyCycle(cycle.kinds) === automaton.type) return cycle;
  }
  return null;
}

/** Splits a closed walk into simple cycles by cutting out each loop as it closes. */
export function splitClosedWalk(walk: FoundCycle): FoundCycle[] {
  const out: FoundCycle[] = [];
  const stackNodes: number[] = [];
  const stackKinds: number[] = [];
  const position = new Map<number, number>();
  const n = walk.nodes.length;
  for (let i = 0; i <= n; i++) {
    const node = walk.nodes[i % n];
    const at = position.get(node);
    if (at !== undefined) {
      const nodes = stackNodes.splice(at);
      const kinds = stackKinds.splice(at);
      for (const m of nodes) position.delete(m);
      out.push({ nodes, kinds });
    }
    if (i === n) break;
    position.set(node, stackNodes.length);
    stackNodes.push(node);
    stackKinds.push(walk.kinds[i]);
  }
  return out;
}
