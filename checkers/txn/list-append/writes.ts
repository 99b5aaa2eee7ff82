import type { AnomalyLog } from '../core/anomaly-log.js';
import { FAIL, MOP_APPEND, OK, type TxnTable } from '../core/txn-table.js';
import type { EdgeList } from '../graph/edge-list.js';
import { RW, WW } from '../graph/edge-kinds.js';
import type { ListVersions } from './versions.js';
import { dirtyUpdateWitness } from './witnesses.js';

/**
 * ww edges between consecutive appends of each key's version order (failed appends are
 * not versions and are stepped over), dirty updates (a committed append on top of a failed
 * one), and edges for appends no read ever showed. Such an append still happened after
 * every element that was observed, or a read showing those elements would have shown it
 * too; so it follows the last observed writer (ww) and every reader of the last observed
 * state missed it (rw), as Elle infers.
 */
export function scanWrites(
  table: TxnTable,
  versions: ListVersions,
  finalReaders: (number[] | undefined)[],
  edges: EdgeList,
  rwEdges: boolean,
  log: AnomalyLog,
): void {
  const { mopTxn, mopValue, status } = table;
  const { versionStart, slotWriter } = versions;
  const K = table.keys.length;
  const lastLive = new Int32Array(K).fill(-1);
  for (let k = 0; k < K; k++) {
    let prev = -1;
    let failed = -1;
    let failedValues: unknown[] = [];
    for (let s = versionStart[k]; s < versionStart[k + 1]; s++) {
      const w = slotWriter[s];
      if (w < 0) continue;
      const writer = mopTxn[w];
      const st = status[writer];
      if (st === FAIL) {
        if (failed < 0) {
          failed = writer;
          failedValues = [];
        }
        failedValues.push(mopValue[w]);
        continue;
      }
      if (failed >= 0) {
        failedValues.push(mopValue[w]);
        if (st === OK) {
          const f = failed;
          const values = failedValues;
          log.add('dirty-update', () => dirtyUpdateWitness(table, k, f, writer, values));
          failed = -1;
        }
      }
      if (prev >= 0 && prev !== writer) edges.add(prev, writer, WW);
      prev = writer;
    }
    lastLive[k] = prev;
  }

  for (let m = 0; m < table.mopKind.length; m++) {
    if (table.mopKind[m] !== MOP_APPEND || versions.appendPos[m] >= 0) continue;
    const writer = mopTxn[m];
    if (status[writer] === FAIL) continue;
    const k = table.mopKey[m];
    if (lastLive[k] >= 0 && lastLive[k] !== writer) edges.add(lastLive[k], writer, WW);
    if (!rwEdges) continue;
    const readers = finalReaders[k];
    if (readers) for (const r of readers) if (r !== writer) edges.add(r, writer, RW);
  }
}
