import { describe, expect, it } from 'vitest';
import { SearchBudget } from './budget.js';
import { searchComponent } from './component-search.js';
import { buildCsr, mergeParallelEdges } from './csr.js';
import { CYCLE_AUTOMATA, buildCycleAutomaton, classifyCycle } from './cycle-automata.js';
import { CycleSearcher, splitClosedWalk } from './cycle-search.js';
import { EDGE_KIND_NAMES, KIND_RW, KIND_WR, KIND_WW, PROCESS, REALTIME, RW, WR, WW } from './edge-kinds.js';
import { EdgeList } from './edge-list.js';

function graph(n: number, edges: [number, number, number][]) {
  const list = new EdgeList(2);
  for (const [a, b, k] of edges) list.add(a, b, k);
  return mergeParallelEdges(buildCsr(n, list));
}

const roomy = () => new SearchBudget({ maxEdges: 1e7, timeoutMs: 60_000 });
const kindNames = (kinds: number[]) => kinds.map((k) => EDGE_KIND_NAMES[k]);

describe('classifyCycle', () => {
  it('names cycles by their rw edges, then wr, then ww, with process and realtime suffixes', () => {
    expect(classifyCycle([KIND_WW, KIND_WW])).toBe('G0');
    expect(classifyCycle([KIND_WW, KIND_WR])).toBe('G1c');
    expect(classifyCycle([KIND_RW, KIND_WR])).toBe('G-single');
    expect(classifyCycle([KIND_RW, KIND_WR, KIND_RW, KIND_WW])).toBe('G-nonadjacent');
    expect(classifyCycle([KIND_RW, KIND_RW])).toBe('G2-item');
    expect(classifyCycle([KIND_RW, KIND_WW, KIND_RW])).toBe('G2-item');
    expect(classifyCycle([KIND_RW, 4])).toBe('G-single-realtime');
    expect(classifyCycle([KIND_WW, 3])).toBe('G0-process');
  });
});

describe('CycleSearcher', () => {
  it('finds the shortest cycle of a type, not merely the first', () => {
    // A long G1c cycle 0-1-2-3-0 and a short one 2-3-2.
    const g = graph(4, [
      [0, 1, WR],
      [1, 2, WW],
      [2, 3, WR],
      [3, 0, WW],
      [3, 2, WW],
    ]);
    const s = new CycleSearcher(g, roomy());
    const a = buildCycleAutomaton('G1c', 'none');
    const first = s.firstCycle(a, [0, 1, 2, 3]);
    expect(first).not.toBe('out-of-budget');
    if (!first || first === 'out-of-budget') return;
    expect(first.cycle.nodes).toHaveLength(4);
    const best = s.shorten(a, [0, 1, 2, 3], first.startIndex, first.cycle);
    expect(best.cycle.nodes).toEqual([2, 3]);
    expect(best.minimal).toBe(true);
  });

  it('tells nonadjacent anti-dependencies from adjacent ones', () => {
    // 0 -rw-> 1 -wr-> 2 -rw-> 3 -wr-> 0 has two separated rw edges.
    const g = graph(4, [
      [0, 1, RW],
      [1, 2, WR],
      [2, 3, RW],
      [3, 0, WR],
    ]);
    const s = new CycleSearcher(g, roomy());
    expect(s.shortestThrough(buildCycleAutomaton('G2-item', 'none'), 0, 99)).toBeNull();
    const cycle = s.shortestThrough(buildCycleAutomaton('G-nonadjacent', 'none'), 0, 99);
    expect(cycle && cycle !== 'out-of-budget' && kindNames(cycle.kinds)).toEqual(['rw', 'wr', 'rw', 'wr']);
  });

  it('uses an edge with several kinds as whichever kind the type needs', () => {
    const g = graph(2, [
      [0, 1, WW | RW],
      [1, 0, WR],
    ]);
    const s = new CycleSearcher(g, roomy());
    const single = s.shortestThrough(buildCycleAutomaton('G-single', 'none'), 0, 99);
    const g1c = s.shortestThrough(buildCycleAutomaton('G1c', 'none'), 0, 99);
    expect(single && single !== 'out-of-budget' && kindNames(single.kinds)).toEqual(['rw', 'wr']);
    expect(g1c && g1c !== 'out-of-budget' && kindNames(g1c.kinds)).toEqual(['ww', 'wr']);
  });

  it('requires a realtime edge for a realtime variant', () => {
    const g = graph(3, [
      [0, 1, WW],
      [1, 0, WW],
      [1, 2, REALTIME],
      [2, 1, RW],
    ]);
    const s = new CycleSearcher(g, roomy());
    const cycle = s.shortestThrough(buildCycleAutomaton('G-single', 'realtime'), 1, 99);
    expect(cycle && cycle !== 'out-of-budget' && kindNames(cycle.kinds)).toEqual(['realtime', 'rw']);
    expect(s.shortestThrough(buildCycleAutomaton('G0', 'realtime'), 0, 99)).toBeNull();
  });

  it('splits a closed walk that repeats a node into simple cycles', () => {
    const parts = splitClosedWalk({ nodes: [0, 1, 2, 1], kinds: [KIND_WW, KIND_RW, KIND_WR, KIND_WW] });
    expect(parts.map((p) => p.nodes)).toEqual([
      [1, 2],
      [0, 1],
    ]);
    expect(parts.map((p) => kindNames(p.kinds))).toEqual([
      ['rw', 'wr'],
      ['ww', 'ww'],
    ]);
  });
});

describe('searchComponent', () => {
  it('reports a G0 cycle and skips the G1c search it makes redundant', () => {
    const g = graph(3, [
      [0, 1, WW],
      [1, 0, WW],
      [1, 2, WR],
      [2, 1, WR],
    ]);
    const result = searchComponent(
      g,
      CYCLE_AUTOMATA.filter((a) => a.variant === 'none'),
      roomy(),
    );
    expect(result.cycles.map((c) => c.type)).toEqual(['G0']);
  });

  it('answers undecided, with a fallback witness, when the budget is too small', () => {
    const n = 400;
    const edges: [number, number, number][] = [];
    for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n, i % 2 === 0 ? RW : WW]);
    const g = graph(n, edges);
    const tiny = new SearchBudget({ maxEdges: 50, timeoutMs: 60_000 });
    const result = searchComponent(
      g,
      CYCLE_AUTOMATA.filter((a) => a.variant === 'none'),
      tiny,
    );
    expect(result.undecided?.reason).toMatch(/cycleSearchMaxEdges/);
    expect(result.cycles).toHaveLength(1);
    expect(result.cycles[0].type).toBe('G-nonadjacent');
    expect(result.cycles[0].minimal).toBe(false);
  });

  it('finds process-variant cycles only through process edges', () => {
    const g = graph(2, [
      [0, 1, PROCESS],
      [1, 0, RW],
    ]);
    const result = searchComponent(g, CYCLE_AUTOMATA, roomy());
    expect(result.cycles.map((c) => c.type)).toEqual(['G-single-process']);
  });
});
