import type { AnomalyLog } from '../core/anomaly-log.js';
import { MOP_APPEND, OK, type TxnTable } from '../core/txn-table.js';
import { futureReadWitness, internalWitness } from './witnesses.js';

interface KeyState {
  /** True when `list` is the whole value; false when it is only the suffix our own appends produced. */
  whole: boolean;
  list: unknown[];
}

/**
 * Anomalies visible inside one committed transaction: a read that contradicts the
 * transaction's own earlier reads and appends of the key (internal, after Cerone et al.'s
 * INT axiom) and a read showing a value the transaction appends only later (future read).
 * Only transactions touching some key twice can show either, so the rest are skipped.
 */
export function checkWithinTransactions(table: TxnTable, log: AnomalyLog): void {
  const { mopStart, mopKey, status } = table;
  for (let t = 0; t < table.count; t++) {
    if (status[t] !== OK) continue;
    const start = mopStart[t];
    const end = mopStart[t + 1];
    let repeats = false;
    for (let a = start; a < end && !repeats; a++) {
      for (let b = a + 1; b < end; b++) {
        if (mopKey[a] === mopKey[b]) {
          repeats = true;
          break;
        }
      }
    }
    if (repeats) checkTransaction(table, start, end, log);
  }
}

function checkTransaction(table: TxnTable, start: number, end: number, log: AnomalyLog): void {
  const { mopKind, mopKey, mopValue } = table;
  const state = new Map<number, KeyState>();
  for (let m = start; m < end; m++) {
    const k = mopKey[m];
    const known = state.get(k);
    if (mopKind[m] === MOP_APPEND) {
      const v = mopValue[m];
      for (let r = start; r < m; r++) {
        const read = mopValue[r];
        if (mopKey[r] === k && mopKind[r] !== MOP_APPEND && Array.isArray(read) && read.includes(v)) {
          log.add('future-read', () => futureReadWitness(table, r, v));
        }
      }
      state.set(k, known ? { whole: known.whole, list: [...known.list, v] } : { whole: false, list: [v] });
      continue;
    }
    const read = mopValue[m] as unknown[] | null;
    if (read === null) continue;
    if (known && !agrees(known, read)) {
      const expected = known.list;
      log.add('internal', () => internalWitness(table, m, expected, known.whole));
    }
    state.set(k, { whole: true, list: read });
  }
}

function agrees(known: KeyState, read: unknown[]): boolean {
  const offset = read.length - known.list.length;
  if (offset < 0 || (known.whole && offset !== 0)) return false;
  for (let i = 0; i < known.list.length; i++) if (read[offset + i] !== known.list[i]) return false;
  return true;
}
