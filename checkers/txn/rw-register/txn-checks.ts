import type { AnomalyLog } from '../core/anomaly-log.js';
import { FAIL, MOP_READ, MOP_WRITE, OK, type TxnTable } from '../core/txn-table.js';
import type { RegisterIndex } from './register-index.js';
import { abortedReadWitness, futureReadWitness, garbageReadWitness, intermediateReadWitness, internalWitness, lostUpdateWitness } from './witnesses.js';

/**
 * Every read of a committed transaction, checked on its own: it must see a value some
 * transaction wrote (garbage read), that committed (G1a), as that transaction's final
 * write of the key (G1b), not one its own transaction writes only later (future read), and
 * agree with the transaction's earlier operations on the key (internal). Transactions that
 * read a version and then overwrite it are grouped by that version (lost update).
 */
export function checkRegisterReads(table: TxnTable, index: RegisterIndex, log: AnomalyLog): void {
  const { mopStart, mopKind, mopKey, mopValue, mopTxn, status } = table;
  const lostUpdates = new Map<number, number[]>();
  for (let t = 0; t < table.count; t++) {
    if (status[t] !== OK) continue;
    const end = mopStart[t + 1];
    for (let m = mopStart[t]; m < end; m++) {
      if (mopKind[m] !== MOP_READ) continue;
      const k = mopKey[m];
      const value = mopValue[m];
      if (value !== null) {
        const w = index.writeMop.get(k, value);
        if (w < 0) log.add('garbage-read', () => garbageReadWitness(table, m));
        else if (mopTxn[w] === t) {
          if (w > m) log.add('future-read', () => futureReadWitness(table, m));
        } else if (status[mopTxn[w]] === FAIL) log.add('G1a', () => abortedReadWitness(table, m, mopTxn[w]));
        else if (index.external[w] === 0) log.add('G1b', () => intermediateReadWitness(table, m, mopTxn[w]));
      }
      const expected = expectedValue(table, t, m);
      if (expected !== NOTHING && expected !== value) log.add('internal', () => internalWitness(table, m, expected));
      if (index.external[m] === 1 && index.mopVersion[m] >= 0 && writesLater(table, t, m)) {
        const group = lostUpdates.get(index.mopVersion[m]);
        if (group) group.push(m);
        else lostUpdates.set(index.mopVersion[m], [m]);
      }
    }
  }
  for (const group of lostUpdates.values()) if (group.length > 1) log.add('lost-update', () => lostUpdateWitness(table, group));
}

const NOTHING = Symbol('nothing');

/** What read m must return given its transaction's earlier operations on the key, or NOTHING if they say nothing. */
function expectedValue(table: TxnTable, t: number, m: number): unknown {
  const k = table.mopKey[m];
  for (let i = m - 1; i >= table.mopStart[t]; i--) {
    if (table.mopKey[i] === k) return table.mopValue[i];
  }
  return NOTHING;
}

function writesLater(table: TxnTable, t: number, m: number): boolean {
  for (let i = m + 1; i < table.mopStart[t + 1]; i++) if (table.mopKey[i] === table.mopKey[m] && table.mopKind[i] === MOP_WRITE) return true;
  return false;
}
