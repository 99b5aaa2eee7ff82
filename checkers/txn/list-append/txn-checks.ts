import type { AnomalyLog } from '../core/anomaly-log.js';
import { MOP_APPEND, OK, type TxnTable } from '../core/txn-table.js';
import { futureReadWitness, internalWitness } from './witnesses.js';

/**
 * Anomalies visible inside one committed transaction: a read that contradicts the
 * transaction's own earlier reads and appends of the key (internal, after Cerone et al.'s
 * INT axiom) and a read showing a value the transaction appends only later (future read).
 * Only a micro-op on a key the transaction touched before can show either; the scans go
 * backwards from it and allocate nothing unless they find something.
 */
export function checkWithinTransactions(table: TxnTable, log: AnomalyLog): void {
  const { mopStart, mopKey, mopKind, status } = table;
  const ok = OK;
  const append = MOP_APPEND;
  for (let t = 0; t < table.count; t++) {
    if (status[t] !== ok) continue;
    const start = mopStart[t];
    const end = mopStart[t + 1];
    for (let m = start + 1; m < end; m++) {
      let earlier = m - 1;
      while (earlier >= start && mopKey[earlier] !== mopKey[m]) earlier--;
      if (earlier < start) continue;
      if (mopKind[m] === append) checkFutureRead(table, start, m, log);
      else checkRead(table, start, m, log);
    }
  }
}

/** Read m against the key's state implied by the transaction's earlier micro-ops. */
function checkRead(table: TxnTable, start: number, m: number, log: AnomalyLog): void {
  const { mopKey, mopKind, mopValue } = table;
  const read = mopValue[m] as unknown[] | null;
  if (read === null) return;
  const k = mopKey[m];
  // Walk back over our own appends to the key until an earlier read (which fixes the whole state).
  let appended = 0;
  let base: unknown[] | null = null;
  for (let i = m - 1; i >= start; i--) {
    if (mopKey[i] !== k) continue;
    if (mopKind[i] === MOP_APPEND) {
      appended++;
      continue;
    }
    base = mopValue[i] as unknown[] | null;
    if (base !== null) break;
  }
  const whole = base !== null;
  const expectedLength = whole ? (base as unknown[]).length + appended : appended;
  let agrees = whole ? read.length === expectedLength : read.length >= expectedLength;
  if (agrees && whole) {
    for (let i = 0; i < (base as unknown[]).length; i++) if (read[i] !== (base as unknown[])[i]) agrees = false;
  }
  if (agrees) {
    let j = read.length - 1;
    for (let i = m - 1; i >= start && agrees; i--) {
      if (mopKey[i] !== k) continue;
      if (mopKind[i] !== MOP_APPEND) {
        if (mopValue[i] !== null) break;
        continue;
      }
      if (read[j--] !== mopValue[i]) agrees = false;
    }
  }
  if (agrees) return;
  const expected: unknown[] = [];
  for (let i = start; i < m; i++) {
    if (mopKey[i] !== k) continue;
    if (mopKind[i] === MOP_APPEND) expected.push(mopValue[i]);
    else if (mopValue[i] !== null && i >= lastReadBefore(table, start, m, k)) expected.splice(0, expected.length, ...(mopValue[i] as unknown[]));
  }
  log.add('internal', () => internalWitness(table, m, expected, whole));
}

function lastReadBefore(table: TxnTable, start: number, m: number, k: number): number {
  for (let i = m - 1; i >= start; i--) if (table.mopKey[i] === k && table.mopKind[i] !== MOP_APPEND && table.mopValue[i] !== null) return i;
  return start;
}

/** Append m's value must not show up in an earlier read of the key by the same transaction. */
function checkFutureRead(table: TxnTable, start: number, m: number, log: AnomalyLog): void {
  const { mopKey, mopKind, mopValue } = table;
  const v = mopValue[m];
  for (let r = start; r < m; r++) {
    const read = mopValue[r];
    if (mopKey[r] === mopKey[m] && mopKind[r] !== MOP_APPEND && Array.isArray(read) && read.includes(v)) {
      log.add('future-read', () => futureReadWitness(table, r, v));
    }
  }
}
