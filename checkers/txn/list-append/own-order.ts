import type { AnomalyLog } from '../core/anomaly-log.js';
import { FAIL, MOP_APPEND, type TxnTable } from '../core/txn-table.js';
import type { ListVersions } from './versions.js';
import { ownOrderWitness } from './witnesses.js';

/**
 * A transaction's appends to one key must show up in the key's version order in the order
 * it made them, and none may show up without the ones it made before: whatever the
 * isolation level, a transaction's own writes take effect in program order. The ww edges
 * cannot see a violation (both ends are the same transaction), and neither can Elle's
 * analysis; a read like [2 1] of a transaction's appends of 1 then 2 is reported here as an
 * incompatible order. Different transactions interleaving their appends are left to the G0
 * search.
 */
export function checkOwnAppendOrder(table: TxnTable, versions: ListVersions, log: AnomalyLog): void {
  const { mopStart, mopKind, mopKey, status } = table;
  const { appendPos, intermediate } = versions;
  for (let t = 0; t < table.count; t++) {
    if (status[t] === FAIL) continue;
    const end = mopStart[t + 1];
    for (let a = mopStart[t]; a < end; a++) {
      // Only an append followed by another to the same key can be out of order.
      if (mopKind[a] !== MOP_APPEND || intermediate[a] === 0) continue;
      for (let b = a + 1; b < end; b++) {
        if (mopKind[b] !== MOP_APPEND || mopKey[b] !== mopKey[a] || appendPos[b] < 0) continue;
        if (appendPos[a] < 0 || appendPos[a] > appendPos[b]) {
          log.add('incompatible-order', () => ownOrderWitness(table, versions, a, b));
          break;
        }
      }
    }
  }
}
