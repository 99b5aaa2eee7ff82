import type { EdgeList } from './edge-list.js';

/** Compressed adjacency: the out-edges of node v are targets[offsets[v] .. offsets[v + 1]). */
export interface Csr {
  nodeCount: number;
  offsets: Int32Array;
  targets: Int32Array;
  /** Edge kind bits (see edge-kinds.ts) per adjacency entry. */
  kinds: Uint8Array;
}

/** Counting sort of the edges by source; parallel edges stay separate. */
export function buildCsr(nodeCount: number, edges: EdgeList): Csr {
  const offsets = new Int32Array(nodeCount + 1);
  const n = edges.length;
  const from = edges.from;
  for (let i = 0; i < n; i++) offsets[from[i] + 1]++;
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Int32Array(n);
  const kinds = new Uint8Array(n);
  const to = edges.to;
  const kind = edges.kind;
  for (let i = 0; i < n; i++) {
    const slot = cursor[from[i]]++;
    targets[slot] = to[i];
    kinds[slot] = kind[i];
  }
  return { nodeCount, offsets, targets, kinds };
}

/**
 * Merges parallel edges into one entry whose kind bits are the union, so a search looks
 * at each neighbour once. Linear: a per-target marker remembers where the entry went.
 */
export function mergeParallelEdges(csr: Csr): Csr {
  const { nodeCount, offsets, targets, kinds } = csr;
  const outOffsets = new Int32Array(nodeCount + 1);
  const outTargets = new Int32Array(targets.length);
  const outKinds = new Uint8Array(targets.length);
  const markOwner = new Int32Array(nodeCount).fill(-1);
  const markSlot = new Int32Array(nodeCount);
  let write = 0;
  for (let v = 0; v < nodeCount; v++) {
    outOffsets[v] = write;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const w = targets[e];
      if (markOwner[w] === v) {
        outKinds[markSlot[w]] |= kinds[e];
        continue;
      }
      markOwner[w] = v;
      markSlot[w] = write;
      outTargets[write] = w;
      outKinds[write] = kinds[e];
      write++;
    }
  }
  outOffsets[nodeCount] = write;
  return { nodeCount, offsets: outOffsets, targets: outTargets.slice(0, write), kinds: outKinds.slice(0, write) };
}
