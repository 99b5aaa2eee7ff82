import { describe, expect, it } from 'vitest';
import { buildCsr } from './csr.js';
import { RW, WR, WW } from './edge-kinds.js';
import { EdgeList } from './edge-list.js';
import { cyclicComponents } from './tarjan.js';

function graph(n: number, edges: [number, number, number][]) {
  const list = new EdgeList(2);
  for (const [a, b, k] of edges) list.add(a, b, k);
  return buildCsr(n, list);
}

describe('cyclicComponents', () => {
  it('finds each cycle as one component and ignores acyclic parts', () => {
    const g = graph(7, [
      [0, 1, WW],
      [1, 2, WW],
      [2, 0, WR],
      [2, 3, WW],
      [3, 4, RW],
      [4, 3, WW],
      [5, 6, WW],
    ]);
    expect(cyclicComponents(g).map((c) => [...c])).toEqual([
      [3, 4],
      [0, 1, 2],
    ]);
  });

  it('counts only edges of the requested kinds', () => {
    const g = graph(3, [
      [0, 1, WW],
      [1, 2, WW],
      [2, 0, RW],
    ]);
    expect(cyclicComponents(g, WW | WR)).toEqual([]);
    expect(cyclicComponents(g, WW | RW)).toHaveLength(1);
  });

  it('drops helper nodes from components but keeps the cycles they carry', () => {
    // Node 2 is a helper (id >= realCount): 0 -> 2 -> 1 -> 0 is a cycle between real nodes 0 and 1.
    const g = graph(3, [
      [0, 2, WW],
      [2, 1, WW],
      [1, 0, WW],
    ]);
    expect(cyclicComponents(g, 0xff, 2).map((c) => [...c])).toEqual([[0, 1]]);
  });

  it('handles a long chain without recursion', () => {
    const n = 200_000;
    const edges: [number, number, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1, WW]);
    edges.push([n - 1, 0, WW]);
    const comps = cyclicComponents(graph(n, edges));
    expect(comps).toHaveLength(1);
    expect(comps[0].length).toBe(n);
  });
});
