import type { TxnTable } from '../core/txn-table.js';
import type { EdgeList } from '../graph/edge-list.js';
import { RW, WR, WW } from '../graph/edge-kinds.js';
import type { RegisterIndex } from './register-index.js';
import type { VersionOrder } from './version-order.js';

/**
 * Transaction edges from versions: the writer of a version precedes its readers (wr); for
 * each known "v1 before v2", v1's writer precedes v2's (ww) and v1's readers precede v2's
 * writer, whose write they did not see (rw).
 */
export function addRegisterEdges(table: TxnTable, index: RegisterIndex, order: VersionOrder, edges: EdgeList, rwEdges: boolean): void {
  const { versionWriter, readerStart, readerTxn } = index;
  const writerTxn = (v: number) => (versionWriter[v] < 0 ? -1 : table.mopTxn[versionWriter[v]]);
  for (let v = 0; v < index.versionCount; v++) {
    const w = writerTxn(v);
    if (w < 0) continue;
    for (let i = readerStart[v]; i < readerStart[v + 1]; i++) if (readerTxn[i] !== w) edges.add(w, readerTxn[i], WR);
  }
  const { from, to } = order.edges;
  for (let e = 0; e < order.edges.length; e++) {
    const later = writerTxn(to[e]);
    if (later < 0) continue;
    const earlier = writerTxn(from[e]);
    if (earlier >= 0 && earlier !== later) edges.add(earlier, later, WW);
    if (!rwEdges) continue;
    for (let i = readerStart[from[e]]; i < readerStart[from[e] + 1]; i++) if (readerTxn[i] !== later) edges.add(readerTxn[i], later, RW);
  }
}
