import { HistoryFormatError } from '../../../core/errors.js';
import type { Op } from '../../../core/history.js';
import { FAIL, MOP_READ, MOP_WRITE, OK, show, type TxnTable } from '../core/txn-table.js';
import { WriterIndex } from '../core/writer-index.js';

/**
 * Versions of registers and who wrote and read them. Only a transaction's external
 * operations on a key matter to others: its first read of the key, if that comes before any
 * write of it (the external read), and its last write of it (the external write). Each key
 * has a nil version (its initial state) plus one version per external write of a
 * transaction that may have committed; writes are unique per key, so a read value names
 * its version.
 */
export interface RegisterIndex {
  /** (key, written value) → the write mop, for every write whatever its outcome. */
  writeMop: WriterIndex;
  /** Per mop: 1 for an external read or an external write. */
  external: Uint8Array;
  versionCount: number;
  versionKey: Int32Array;
  /** Per version, the write mop that made it; -1 for a key's nil version. */
  versionWriter: Int32Array;
  /** Per key, the id of its nil version. */
  nilVersion: Int32Array;
  /** Per mop: the version an external write made (if it may have committed), or that an ok external read observed; else -1. */
  mopVersion: Int32Array;
  /** Readers of version v (ok transactions, external reads) are readerTxn[readerStart[v] .. readerStart[v + 1]). */
  readerStart: Int32Array;
  readerTxn: Int32Array;
}

export function buildRegisterIndex(table: TxnTable): RegisterIndex {
  const K = table.keys.length;
  const mops = table.mopKind.length;
  const { mopStart, mopKind, mopKey, mopValue, mopTxn, status } = table;
  const writeMop = new WriterIndex(K);
  const external = new Uint8Array(mops);

  for (let t = 0; t < table.count; t++) {
    const end = mopStart[t + 1];
    for (let m = mopStart[t]; m < end; m++) {
      const k = mopKey[m];
      let earlierOnKey = false;
      let laterWrite = false;
      for (let i = mopStart[t]; i < m; i++) if (mopKey[i] === k) earlierOnKey = true;
      for (let i = m + 1; i < end; i++) if (mopKey[i] === k && mopKind[i] === MOP_WRITE) laterWrite = true;
      if (mopKind[m] === MOP_READ) {
        if (!earlierOnKey) external[m] = 1;
        continue;
      }
      if (!laterWrite) external[m] = 1;
      const earlier = writeMop.set(k, mopValue[m], m);
      if (earlier >= 0) duplicateWrite(table, m, earlier);
    }
  }

  const mopVersion = new Int32Array(mops).fill(-1);
  const nilVersion = new Int32Array(K);
  const versionKey: number[] = [];
  const versionWriter: number[] = [];
  for (let k = 0; k < K; k++) {
    nilVersion[k] = versionKey.length;
    versionKey.push(k);
    versionWriter.push(-1);
  }
  for (let m = 0; m < mops; m++) {
    if (mopKind[m] !== MOP_WRITE || external[m] === 0 || status[mopTxn[m]] === FAIL) continue;
    mopVersion[m] = versionKey.length;
    versionKey.push(mopKey[m]);
    versionWriter.push(m);
  }
  const readerCount = new Int32Array(versionKey.length + 1);
  for (let m = 0; m < mops; m++) {
    if (mopKind[m] !== MOP_READ || external[m] === 0 || status[mopTxn[m]] !== OK) continue;
    const v = observedVersion(table, writeMop, mopVersion, nilVersion, m);
    if (v < 0) continue;
    mopVersion[m] = v;
    readerCount[v + 1]++;
  }
  for (let v = 0; v < versionKey.length; v++) readerCount[v + 1] += readerCount[v];
  const readerStart = readerCount;
  const cursor = readerStart.slice(0, versionKey.length);
  const readerTxn = new Int32Array(readerStart[versionKey.length]);
  for (let m = 0; m < mops; m++) {
    if (mopKind[m] === MOP_READ && mopVersion[m] >= 0) readerTxn[cursor[mopVersion[m]]++] = mopTxn[m];
  }
  return {
    writeMop,
    external,
    versionCount: versionKey.length,
    versionKey: Int32Array.from(versionKey),
    versionWriter: Int32Array.from(versionWriter),
    nilVersion,
    mopVersion,
    readerStart,
    readerTxn,
  };
}

/** The version an external read saw, or -1 when it saw something that is not a committed version (aborted, intermediate, unwritten, its own). */
function observedVersion(table: TxnTable, writeMop: RegisterIndex['writeMop'], mopVersion: Int32Array, nilVersion: Int32Array, m: number): number {
  const value = table.mopValue[m];
  const k = table.mopKey[m];
  if (value === null) return nilVersion[k];
  const w = writeMop.get(k, value);
  if (w < 0 || table.mopTxn[w] === table.mopTxn[m]) return -1;
  return mopVersion[w];
}

function duplicateWrite(table: TxnTable, m: number, earlier: number): never {
  const op = opOf(table, m);
  throw new HistoryFormatError({
    line: op.index + 1,
    field: 'value',
    problem: `(index ${op.index}) writes ${show(table.mopValue[m])} to key ${show(table.keys[table.mopKey[m]])}, which the transaction at index ${opOf(table, earlier).index} also writes; written values must be unique per key`,
  });
}

function opOf(table: TxnTable, m: number): Op {
  const t = table.mopTxn[m];
  return table.history[table.status[t] === OK ? table.completePos[t] : table.invokePos[t]];
}
