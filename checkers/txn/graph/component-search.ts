import { allImpliedAnomalies, type AnomalyName, type CycleAnomalyType } from '../consistency/anomalies.js';
import type { SearchBudget } from './budget.js';
import type { Csr } from './csr.js';
import { classifyCycle, type CycleAutomaton } from './cycle-automata.js';
import { CycleSearcher, OUT_OF_BUDGET, type FoundCycle } from './cycle-search.js';
import { KIND_PROCESS, KIND_REALTIME, KIND_RW, KIND_WR, KIND_WW } from './edge-kinds.js';
import { cyclicComponents } from './tarjan.js';

export interface ComponentCycle {
  type: CycleAnomalyType;
  /** In the component's local ids. */
  cycle: FoundCycle;
  minimal: boolean;
}

export interface ComponentSearchResult {
  cycles: ComponentCycle[];
  /** Types the budget stopped us from deciding, and why. */
  undecided?: { types: CycleAnomalyType[]; reason: string };
}

/**
 * Looks for each wanted cycle type in one strongly connected component: first a quick
 * existence pass over every type (so a tight budget still answers as much as it can),
 * then a pass that shortens each witness. A type already implied by one found here is
 * skipped, as Elle does: a G0 cycle makes a separate G1c witness redundant.
 */
export function searchComponent(graph: Csr, automata: readonly CycleAutomaton[], budget: SearchBudget): ComponentSearchResult {
  const searcher = new CycleSearcher(graph, budget);
  const startCache = new Map<number, Map<number, Int32Array>>();
  const found: { automaton: CycleAutomaton; starts: Int32Array; startIndex: number; cycle: FoundCycle }[] = [];
  let implied = new Set<AnomalyName>();
  const undecided: CycleAnomalyType[] = [];

  for (const automaton of automata) {
    if (implied.has(automaton.type)) continue;
    if (budget.exhausted !== undefined) {
      undecided.push(automaton.type);
      continue;
    }
    const starts = startNodes(graph, automaton, startCache);
    if (starts.length === 0) continue;
    const first = searcher.firstCycle(automaton, starts);
    if (first === OUT_OF_BUDGET) {
      undecided.push(automaton.type);
      continue;
    }
    if (!first) continue;
    found.push({ automaton, starts, ...first });
    implied = allImpliedAnomalies(found.map((f) => f.automaton.type));
  }

  const cycles: ComponentCycle[] = found.map((f) => {
    const { cycle, minimal } = searcher.shorten(f.automaton, f.starts, f.startIndex, f.cycle);
    return { type: f.automaton.type, cycle, minimal };
  });
  if (undecided.length === 0) return { cycles };
  const reason = budget.exhausted ?? 'the search budget ran out';
  if (cycles.length === 0) {
    const fallback = anyCycle(graph);
    if (fallback) cycles.push({ type: classifyCycle(fallback.kinds), cycle: fallback, minimal: false });
  }
  return { cycles, undecided: { types: undecided.filter((t) => !implied.has(t)), reason } };
}

/**
 * Every cycle of the automaton's type lies inside one strongly connected component of the
 * edges it may use, and crosses at least one edge of each required kind; the targets of
 * such edges are therefore the only starts worth trying. Choosing the rarest required kind
 * keeps the list short. An empty list proves the type absent.
 */
function startNodes(graph: Csr, automaton: CycleAutomaton, cache: Map<number, Map<number, Int32Array>>): Int32Array {
  let byKind = cache.get(automaton.allowedKinds);
  if (!byKind) {
    byKind = targetsInsideComponents(graph, automaton.allowedKinds);
    cache.set(automaton.allowedKinds, byKind);
  }
  let best: Int32Array | undefined;
  for (const kindBit of automaton.requiredKinds) {
    const starts = byKind.get(kindBit) ?? new Int32Array(0);
    if (!best || starts.length < best.length) best = starts;
  }
  return best ?? new Int32Array(0);
}

function targetsInsideComponents(graph: Csr, mask: number): Map<number, Int32Array> {
  const componentOf = new Int32Array(graph.nodeCount).fill(-1);
  cyclicComponents(graph, mask).forEach((members, c) => members.forEach((v) => (componentOf[v] = c)));
  const out = new Map<number, Int32Array>();
  for (const kindBit of [1 << KIND_WW, 1 << KIND_WR, 1 << KIND_RW, 1 << KIND_PROCESS, 1 << KIND_REALTIME]) {
    if ((mask & kindBit) === 0) continue;
    const marked = new Uint8Array(graph.nodeCount);
    for (let v = 0; v < graph.nodeCount; v++) {
      if (componentOf[v] < 0) continue;
      for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
        const w = graph.targets[e];
        if ((graph.kinds[e] & kindBit) !== 0 && componentOf[w] === componentOf[v]) marked[w] = 1;
      }
    }
    const list: number[] = [];
    marked.forEach((m, v) => m && list.push(v));
    out.set(kindBit, Int32Array.from(list));
  }
  return out;
}

/** Preference when an edge has several kinds and any will do: the least surprising reason first. */
const KIND_PREFERENCE = [KIND_WW, KIND_WR, KIND_PROCESS, KIND_REALTIME, KIND_RW];

/** Some shortest cycle through node 0, by plain breadth-first search: the fallback when the typed search ran out of budget. */
export function anyCycle(graph: Csr): FoundCycle | null {
  const n = graph.nodeCount;
  if (n === 0) return null;
  const parent = new Int32Array(n).fill(-1);
  const parentKind = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  while (head < tail) {
    const v = queue[head++];
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      const w = graph.targets[e];
      const kind = KIND_PREFERENCE.find((k) => (graph.kinds[e] & (1 << k)) !== 0) ?? KIND_WW;
      if (w === 0) {
        const nodes: number[] = [];
        const kinds: number[] = [kind];
        for (let x = v; x !== 0; x = parent[x]) {
          nodes.push(x);
          kinds.push(parentKind[x]);
        }
        nodes.push(0);
        return { nodes: nodes.reverse(), kinds: kinds.reverse() };
      }
      if (parent[w] >= 0) continue;
      parent[w] = v;
      parentKind[w] = kind;
      queue[tail++] = w;
    }
  }
  return null;
}
