import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import {
  bisect,
  bridge,
  completeGrudge,
  explicitGrudge,
  halves,
  invertGrudge,
  isolate,
  isolateRandom,
  majoritiesRing,
  majority,
  noGrudge,
  randomHalves,
  validateGrudge,
} from './grudge.js';
import type { Grudge } from '../core/runtime.js';

const five = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** Who a node still hears, itself included. */
function heard(grudge: Grudge, nodes: readonly string[], node: string): string[] {
  return nodes.filter((other) => !grudge[node].includes(other));
}

const nodeLists = fc.integer({ min: 1, max: 9 }).map((n) => Array.from({ length: n }, (_, i) => `n${i + 1}`));

describe('grudges: who drops whose packets', () => {
  it('splits lists with the smaller half first, and counts majorities', () => {
    expect(bisect(five)).toEqual([
      ['n1', 'n2'],
      ['n3', 'n4', 'n5'],
    ]);
    expect(bisect(['a', 'b'])).toEqual([['a'], ['b']]);
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });

  it('complete grudge: each component hears only itself', () => {
    expect(completeGrudge([['n1', 'n2'], ['n3']])).toEqual({ n1: ['n3'], n2: ['n3'], n3: ['n1', 'n2'] });
    // Nodes in no component keep hearing everyone.
    expect(completeGrudge([['n1'], ['n2']], ['n1', 'n2', 'n3'])).toEqual({ n1: ['n2'], n2: ['n1'], n3: [] });
  });

  it('halves cut the first (smaller) half from the rest', () => {
    expect(halves(five)).toEqual({
      n1: ['n3', 'n4', 'n5'],
      n2: ['n3', 'n4', 'n5'],
      n3: ['n1', 'n2'],
      n4: ['n1', 'n2'],
      n5: ['n1', 'n2'],
    });
  });

  it('random halves follow the seed: same seed, same cut', () => {
    const a = randomHalves(five, new Rng(42));
    expect(randomHalves(five, new Rng(42))).toEqual(a);
    const minority = five.filter((n) => a[n].length === 3);
    expect(minority).toHaveLength(2);
    for (const n of minority) expect(heard(a, five, n)).toEqual(minority);
  });

  it('isolate cuts one node off, both ways', () => {
    expect(isolate(['n1', 'n2', 'n3'], 'n2')).toEqual({ n1: ['n2'], n2: ['n1', 'n3'], n3: ['n2'] });
    const g = isolateRandom(five, new Rng(7));
    const loner = five.find((n) => g[n].length === 4) as string;
    expect(five.filter((n) => n !== loner).every((n) => g[n].length === 1 && g[n][0] === loner)).toBe(true);
    expect(() => isolate(five, 'n9')).toThrow(ConfigError);
  });

  it('majorities ring on five nodes: each hears itself and its two ring neighbours', () => {
    expect(majoritiesRing(five)).toEqual({
      n1: ['n3', 'n4'],
      n2: ['n4', 'n5'],
      n3: ['n1', 'n5'],
      n4: ['n1', 'n2'],
      n5: ['n2', 'n3'],
    });
  });

  it('bridge: two halves that both hear the node in the middle', () => {
    expect(bridge(five)).toEqual({ n1: ['n4', 'n5'], n2: ['n4', 'n5'], n3: [], n4: ['n1', 'n2'], n5: ['n1', 'n2'] });
    expect(() => bridge(['n1', 'n2'])).toThrow(/at least 3 nodes/);
  });

  it('invert swaps heard and dropped', () => {
    expect(invertGrudge({ n1: ['n2'] }, ['n1', 'n2', 'n3'])).toEqual({ n1: ['n3'], n2: ['n1', 'n3'], n3: ['n1', 'n2'] });
  });

  it('explicit grudges are checked and normalised; bad ones name the entry', () => {
    expect(explicitGrudge({ n3: ['n1', 'n1'] }, ['n1', 'n2', 'n3'])).toEqual({ n1: [], n2: [], n3: ['n1'] });
    expect(noGrudge(['n1', 'n2'])).toEqual({ n1: [], n2: [] });
    expect(() => validateGrudge({ n1: ['n7'] }, five)).toThrow(/grudge\.n1\[0\]: "n7" is not one of n1/);
    expect(() => validateGrudge({ n8: [] }, five)).toThrow(/grudge\.n8/);
    expect(() => validateGrudge({ n1: ['n1'] }, five)).toThrow(/own packets/);
    expect(() => validateGrudge({ n1: 'n2' } as unknown as Grudge, five)).toThrow(/must be a list/);
    expect(() => completeGrudge([['n1'], ['n1', 'n2']])).toThrow(/in two components/);
  });

  it('property: a complete grudge is symmetric, never self-inflicted, and splits exactly at component borders', () => {
    fc.assert(
      fc.property(nodeLists, fc.integer(), (nodes, seed) => {
        const rng = new Rng(seed);
        const cut = rng.int(0, nodes.length);
        const shuffled = rng.shuffle(nodes);
        const components = [shuffled.slice(0, cut), shuffled.slice(cut)];
        const g = completeGrudge(components, nodes);
        for (const a of nodes) {
          expect(g[a]).not.toContain(a);
          for (const b of nodes) {
            expect(g[a].includes(b)).toBe(g[b].includes(a));
            const together = components.some((c) => c.includes(a) && c.includes(b));
            expect(g[a].includes(b)).toBe(!together);
          }
        }
      }),
    );
  });

  it('property: inverting twice gives the grudge back', () => {
    fc.assert(
      fc.property(nodeLists, fc.integer(), (nodes, seed) => {
        const g = randomHalves(nodes, new Rng(seed));
        expect(invertGrudge(invertGrudge(g, nodes), nodes)).toEqual(g);
      }),
    );
  });

  it('property: in a majorities ring every node hears a majority including itself, and no two hear the same one', () => {
    fc.assert(
      fc.property(
        nodeLists.filter((n) => n.length >= 3),
        fc.integer(),
        (nodes, seed) => {
          const g = majoritiesRing(nodes, new Rng(seed));
          const views = nodes.map((n) => heard(g, nodes, n));
          nodes.forEach((n, i) => {
            expect(views[i]).toContain(n);
            expect(views[i]).toHaveLength(majority(nodes.length));
          });
          expect(new Set(views.map((v) => v.join(','))).size).toBe(nodes.length);
        },
      ),
    );
  });
});
