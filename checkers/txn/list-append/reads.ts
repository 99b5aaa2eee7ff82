import type { AnomalyLog } from '../core/anomaly-log.js';
import { FAIL, MOP_APPEND, MOP_READ, OK, isScalar, type TxnTable } from '../core/txn-table.js';
import type { EdgeList } from '../graph/edge-list.js';
import { RW, WR } from '../graph/edge-kinds.js';
import { positionOf, type ListVersions } from './versions.js';
import {
  abortedReadWitness,
  duplicateElementsWitness,
  garbageReadWitness,
  incompatibleOrderWitness,
  intermediateReadWitness,
  lostUpdateWitness,
} from './witnesses.js';

const EMPTY: readonly unknown[] = [];

export interface ReadScan {
  /** Per key with unobserved appends: transactions that read its last observed state. */
  finalReaders: (number[] | undefined)[];
}

/**
 * One pass over every read of a committed transaction: checks it against the version
 * order (prefix of the longest read, no duplicates, nothing aborted or unwritten), and adds
 * its wr edge (from the writer of its last element) and rw edge (to the next writer it did
 * not see). Reads that agree with the longest read are checked by comparing elements, with
 * a single lookup for the last one; only disagreeing reads pay for per-element lookups.
 */
export function scanReads(table: TxnTable, versions: ListVersions, edges: EdgeList, rwEdges: boolean, log: AnomalyLog): ReadScan {
  const { mopStart, mopKind, mopKey, mopValue, mopTxn, status } = table;
  const { longestMop, versionStart, nextLiveTxn, firstDuplicate, firstGarbage, firstFailed, intermediate, hasUnobserved, appendMop, appendPos } = versions;
  const finalReaders: (number[] | undefined)[] = new Array(table.keys.length);
  const lostUpdates = new LostUpdateGroups(versionStart[table.keys.length] + table.keys.length + 1);

  for (let t = 0; t < table.count; t++) {
    if (status[t] !== OK) continue;
    const end = mopStart[t + 1];
    for (let m = mopStart[t]; m < end; m++) {
      if (mopKind[m] !== MOP_READ) continue;
      const r = mopValue[m] as unknown[] | null;
      if (r === null) continue;
      const k = mopKey[m];
      const L = r.length;
      const lm = longestMop[k];
      const longest = lm >= 0 ? (mopValue[lm] as unknown[]) : EMPTY;
      let compatible = L <= longest.length;
      for (let i = 0; compatible && i < L; i++) if (r[i] !== longest[i]) compatible = false;

      // The writer of the last element gives both the wr edge and the state's position.
      const w = L > 0 ? appendMop.get(k, r[L - 1]) : -1;
      let pos = -1;
      if (compatible) {
        if (L > firstDuplicate[k]) log.add('duplicate-elements', () => duplicateElementsWitness(table, m));
        if (L > firstGarbage[k]) log.add('garbage-read', () => garbageReadWitness(table, m, longest[firstGarbage[k]]));
        if (L > firstFailed[k]) {
          const e = longest[firstFailed[k]];
          log.add('G1a', () => abortedReadWitness(table, m, e, mopTxn[appendMop.get(k, e)]));
        }
        if (L > 0) pos = w >= 0 ? appendPos[w] : positionOf(versions, k, r[L - 1]);
      } else {
        log.add('incompatible-order', () => incompatibleOrderWitness(table, m, lm));
        checkElements(table, versions, m, r, log);
      }
      if (w >= 0) {
        const writer = mopTxn[w];
        if (writer !== t && status[writer] !== FAIL) edges.add(writer, t, WR);
        if (writer !== t && intermediate[w] === 1) log.add('G1b', () => intermediateReadWitness(table, m, r[L - 1], writer));
      }
      if (!compatible) continue;
      if (rwEdges) {
        const s = versionStart[k] + pos + 1;
        const next = s < versionStart[k + 1] ? nextLiveTxn[s] : -1;
        if (next >= 0) {
          if (next !== t) edges.add(t, next, RW);
        } else if (hasUnobserved[k] === 1) {
          (finalReaders[k] ??= []).push(t);
        }
      }
      if (readsThenAppends(table, t, m)) lostUpdates.add(versionStart[k] + k + 1 + pos, m);
    }
  }
  for (const group of lostUpdates.groups()) log.add('lost-update', () => lostUpdateWitness(table, group));
  return { finalReaders };
}

/** The slow path for a read that disagrees with the longest: look at every element. */
function checkElements(table: TxnTable, versions: ListVersions, m: number, r: unknown[], log: AnomalyLog): void {
  const k = table.mopKey[m];
  const seen = new Set<unknown>();
  let duplicate = false;
  for (const e of r) {
    if (!isScalar(e)) continue;
    if (seen.has(e)) duplicate = true;
    seen.add(e);
  }
  if (duplicate) log.add('duplicate-elements', () => duplicateElementsWitness(table, m));
  for (const e of seen) {
    const w = versions.appendMop.get(k, e);
    if (w < 0) {
      log.add('garbage-read', () => garbageReadWitness(table, m, e));
      break;
    }
    if (table.status[table.mopTxn[w]] === FAIL) {
      log.add('G1a', () => abortedReadWitness(table, m, e, table.mopTxn[w]));
      break;
    }
  }
}

/** Whether read m is its transaction's first touch of the key and the transaction appends to the key later. */
function readsThenAppends(table: TxnTable, t: number, m: number): boolean {
  const { mopStart, mopKind, mopKey } = table;
  const k = mopKey[m];
  for (let i = mopStart[t]; i < m; i++) if (mopKey[i] === k) return false;
  const end = mopStart[t + 1];
  for (let i = m + 1; i < end; i++) if (mopKey[i] === k && mopKind[i] === MOP_APPEND) return true;
  return false;
}

/** Transactions that read the same state of a key and then wrote it, grouped by that state. */
class LostUpdateGroups {
  private readonly first: Int32Array;
  private readonly shared = new Map<number, number[]>();

  constructor(states: number) {
    this.first = new Int32Array(states).fill(-1);
  }

  add(state: number, readMop: number): void {
    const earlier = this.first[state];
    if (earlier < 0) {
      this.first[state] = readMop;
      return;
    }
    const group = this.shared.get(state);
    if (group) group.push(readMop);
    else this.shared.set(state, [earlier, readMop]);
  }

  groups(): number[][] {
    return [...this.shared.values()];
  }
}
