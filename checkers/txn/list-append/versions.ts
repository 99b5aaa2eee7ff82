import { HistoryFormatError } from '../../../core/errors.js';
import type { Op } from '../../../core/history.js';
import { FAIL, MOP_APPEND, OK, isScalar, show, type TxnTable } from '../core/txn-table.js';
import { WriterIndex } from '../core/writer-index.js';

export const NONE = 0x7fffffff;

/**
 * Each key's version order, recovered from its longest read (appends only ever extend a
 * list, so every state a key passed through is a prefix of that read). Positions are
 * distinct elements in that order; a slot is a key's position in one flat array.
 */
export interface ListVersions {
  /** Per key, the mop holding its longest ok read, or -1 when it was never read non-empty. */
  longestMop: Int32Array;
  versionStart: Int32Array;
  versionLen: Int32Array;
  /** Per slot, the append mop that wrote that element; -1 when no transaction appended it. */
  slotWriter: Int32Array;
  /** Per slot, the first transaction at this slot or later that may have committed (wrote a known, non-failed element), or -1. */
  nextLiveTxn: Int32Array;
  /** Per mop: for appends, the position in the version order or -1 when no read showed it. */
  appendPos: Int32Array;
  /** Per mop: for appends, whether the same transaction appends to the key again afterwards. */
  intermediate: Uint8Array;
  /** (key, appended value) → append mop. */
  appendMop: WriterIndex;
  /** Per key, positions of elements no transaction appended (rare). */
  garbagePos: (Map<unknown, number> | undefined)[];
  /** Per key, the index in the longest read of the first element that failed / nobody wrote / repeats; NONE if none. */
  firstFailed: Int32Array;
  firstGarbage: Int32Array;
  firstDuplicate: Int32Array;
  /** Per key, whether some transaction that may have committed appended a value no read showed. */
  hasUnobserved: Uint8Array;
}

export function buildListVersions(table: TxnTable): ListVersions {
  const K = table.keys.length;
  const mops = table.mopKind.length;
  const { mopKind, mopKey, mopValue, mopTxn, status } = table;
  const appendMop = new WriterIndex(K);
  const longestMop = new Int32Array(K).fill(-1);
  const longestLen = new Int32Array(K);
  const intermediate = new Uint8Array(mops);

  for (let m = 0; m < mops; m++) {
    const k = mopKey[m];
    if (mopKind[m] === MOP_APPEND) {
      const earlier = appendMop.set(k, mopValue[m], m);
      if (earlier >= 0) duplicateAppend(table, m, earlier);
    } else if (status[mopTxn[m]] === OK) {
      const r = mopValue[m] as unknown[] | null;
      if (r !== null && r.length > longestLen[k]) {
        longestLen[k] = r.length;
        longestMop[k] = m;
      }
    }
  }
  markIntermediateAppends(table, intermediate);

  let capacity = 0;
  for (let k = 0; k < K; k++) capacity += longestLen[k];
  const versionStart = new Int32Array(K + 1);
  const versionLen = new Int32Array(K);
  const slotWriter = new Int32Array(capacity).fill(-1);
  const appendPos = new Int32Array(mops).fill(-1);
  const garbagePos: (Map<unknown, number> | undefined)[] = new Array(K);
  const firstFailed = new Int32Array(K).fill(NONE);
  const firstGarbage = new Int32Array(K).fill(NONE);
  const firstDuplicate = new Int32Array(K).fill(NONE);
  let slot = 0;
  for (let k = 0; k < K; k++) {
    versionStart[k] = slot;
    if (longestMop[k] < 0) continue;
    const longest = mopValue[longestMop[k]] as unknown[];
    let pos = 0;
    for (let i = 0; i < longest.length; i++) {
      const e = longest[i];
      const w = appendMop.get(k, e);
      if (w < 0) {
        if (!isScalar(e)) badElement(table, longestMop[k], e);
        let garbage = garbagePos[k];
        if (garbage === undefined) garbagePos[k] = garbage = new Map();
        if (garbage.has(e)) {
          if (firstDuplicate[k] === NONE) firstDuplicate[k] = i;
          continue;
        }
        if (firstGarbage[k] === NONE) firstGarbage[k] = i;
        garbage.set(e, pos++);
        slot++;
        continue;
      }
      if (appendPos[w] >= 0) {
        if (firstDuplicate[k] === NONE) firstDuplicate[k] = i;
        continue;
      }
      if (status[mopTxn[w]] === FAIL && firstFailed[k] === NONE) firstFailed[k] = i;
      appendPos[w] = pos++;
      slotWriter[slot++] = w;
    }
    versionLen[k] = pos;
  }
  versionStart[K] = slot;

  const hasUnobserved = new Uint8Array(K);
  for (let m = 0; m < mops; m++) {
    if (mopKind[m] === MOP_APPEND && appendPos[m] < 0 && status[mopTxn[m]] !== FAIL) hasUnobserved[mopKey[m]] = 1;
  }
  return {
    longestMop,
    versionStart,
    versionLen,
    slotWriter,
    nextLiveTxn: nextLiveTxns(table, slotWriter, versionStart, K),
    appendPos,
    intermediate,
    appendMop,
    garbagePos,
    firstFailed,
    firstGarbage,
    firstDuplicate,
    hasUnobserved,
  };
}

function nextLiveTxns(table: TxnTable, slotWriter: Int32Array, versionStart: Int32Array, K: number): Int32Array {
  const out = new Int32Array(slotWriter.length + 1).fill(-1);
  for (let k = 0; k < K; k++) {
    let next = -1;
    for (let s = versionStart[k + 1] - 1; s >= versionStart[k]; s--) {
      const w = slotWriter[s];
      if (w >= 0 && table.status[table.mopTxn[w]] !== FAIL) next = table.mopTxn[w];
      out[s] = next;
    }
  }
  return out;
}

/** The position of element `e` in key k's version order, or -1 when the longest read lacks it. */
export function positionOf(versions: ListVersions, k: number, e: unknown): number {
  const w = versions.appendMop.get(k, e);
  if (w >= 0) return versions.appendPos[w];
  return versions.garbagePos[k]?.get(e) ?? -1;
}

function markIntermediateAppends(table: TxnTable, intermediate: Uint8Array): void {
  const { mopStart, mopKind, mopKey } = table;
  for (let t = 0; t < table.count; t++) {
    const end = mopStart[t + 1];
    for (let a = mopStart[t]; a < end; a++) {
      if (mopKind[a] !== MOP_APPEND) continue;
      for (let b = a + 1; b < end; b++) {
        if (mopKind[b] === MOP_APPEND && mopKey[b] === mopKey[a]) {
          intermediate[a] = 1;
          break;
        }
      }
    }
  }
}

function opOf(table: TxnTable, m: number): Op {
  const t = table.mopTxn[m];
  const pos = table.status[t] === OK ? table.completePos[t] : table.invokePos[t];
  return table.history[pos];
}

function duplicateAppend(table: TxnTable, m: number, earlier: number): never {
  const op = opOf(table, m);
  const first = opOf(table, earlier);
  const key = table.keys[table.mopKey[m]];
  throw new HistoryFormatError({
    line: op.index + 1,
    field: 'value',
    problem: `(index ${op.index}) appends ${show(table.mopValue[m])} to key ${show(key)}, which the transaction at index ${first.index} also appends; appended values must be unique per key`,
  });
}

function badElement(table: TxnTable, m: number, e: unknown): never {
  const op = opOf(table, m);
  throw new HistoryFormatError({
    line: op.index + 1,
    field: 'value',
    problem: `(index ${op.index}) a read of key ${show(table.keys[table.mopKey[m]])} contains ${show(e)}; list elements must be strings, numbers or booleans`,
  });
}
