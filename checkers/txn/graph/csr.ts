import type { EdgeList } from './edge-list.js';

/** Compressed adjacency: the out-edges of node v are targets[offsets[v] .. offsets[v + 1]). */
export interface Csr {
  nodeCount: number;
  offsets: Int32Array;
  targets: Int32Array;
  /** Edge kind bits (see edge-kinds.ts) per adjacency entry. */
  kinds: Uint8Array;
}

/** Preallocated arrays for a Csr, to be sliced to size. */
export interface CsrBuffers {
  offsets: Int32Array;
  targets: Int32Array;
  kinds: Uint8Array;
}

/**
 * Counting sort of the edges by source; parallel edges stay separate. With `buffers` large
 * enough, the result lives in views of them instead of new allocations.
 */
export function buildCsr(nodeCount: number, edges: EdgeList, buffers?: CsrBuffers): Csr {
  const n = edges.length;
  const fits = buffers !== undefined && buffers.offsets.length > nodeCount && buffers.targets.length >= n && buffers.kinds.length >= n;
  const offsets = fits ? buffers.offsets.subarray(0, nodeCount + 1).fill(0) : new Int32Array(nodeCount + 1);
  const from = edges.from;
  for (let i = 0; i < n; i++) offsets[from[i]]++;
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
  // offsets[v] is now the end of v's range; filling backwards walks it down to the start.
  const targets = fits ? buffers.targets.subarray(0, n) : new Int32Array(n);
  const kinds = fits ? buffers.kinds.subarray(0, n) : new Uint8Array(n);
  const to = edges.to;
  const kind = edges.kind;
  for (let i = n - 1; i >= 0; i--) {
    const slot = --offsets[from[i]];
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
