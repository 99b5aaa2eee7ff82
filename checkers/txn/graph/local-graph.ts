import { buildCsr, mergeParallelEdges, type Csr } from './csr.js';
import { EdgeList } from './edge-list.js';

/**
 * The subgraph induced by one component, renumbered 0..members.length-1 in member order,
 * plus `extra` edges already in local ids (such as real-time edges materialized only for
 * this component). Parallel edges merge into one entry carrying every kind.
 * `localOf` is caller-owned scratch sized to the global graph and filled with -1; it is
 * left that way on return.
 */
export function inducedSubgraph(global: Csr, members: Int32Array, localOf: Int32Array, extra?: EdgeList): Csr {
  for (let i = 0; i < members.length; i++) localOf[members[i]] = i;
  const edges = new EdgeList(Math.max(16, (extra?.length ?? 0) + members.length * 4));
  const { offsets, targets, kinds } = global;
  for (let i = 0; i < members.length; i++) {
    const v = members[i];
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const w = targets[e];
      if (w < localOf.length && localOf[w] >= 0) edges.add(i, localOf[w], kinds[e]);
    }
  }
  if (extra) for (let i = 0; i < extra.length; i++) edges.add(extra.from[i], extra.to[i], extra.kind[i]);
  for (let i = 0; i < members.length; i++) localOf[members[i]] = -1;
  return mergeParallelEdges(buildCsr(members.length, edges));
}
