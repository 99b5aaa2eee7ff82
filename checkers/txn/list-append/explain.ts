import { FAIL, MOP_APPEND, MOP_READ, type TxnTable } from '../core/txn-table.js';
import { showKey, showValue, txnName, type DataEdgeEvidence, type DataEdgeExplainer } from '../core/witness.js';
import { positionOf, type ListVersions } from './versions.js';

/**
 * Recovers, for an edge of a reported cycle, the key and values that justify it, by
 * re-deriving the edge from the two transactions' micro-ops. Edges are stored as bare
 * integers; only witnesses pay for this.
 */
export class ListAppendExplainer implements DataEdgeExplainer {
  constructor(
    private readonly table: TxnTable,
    private readonly versions: ListVersions,
  ) {}

  explain(from: number, to: number, kind: 'ww' | 'wr' | 'rw'): DataEdgeEvidence | undefined {
    if (kind === 'wr') return this.wr(from, to);
    for (let m = this.table.mopStart[to]; m < this.table.mopStart[to + 1]; m++) {
      if (this.table.mopKind[m] !== MOP_APPEND) continue;
      const evidence = kind === 'ww' ? this.ww(from, to, m) : this.rw(from, to, m);
      if (evidence) return evidence;
    }
    return undefined;
  }

  private wr(from: number, to: number): DataEdgeEvidence | undefined {
    const { table, versions } = this;
    for (let m = table.mopStart[to]; m < table.mopStart[to + 1]; m++) {
      const read = table.mopValue[m];
      if (table.mopKind[m] !== MOP_READ || !Array.isArray(read) || read.length === 0) continue;
      const k = table.mopKey[m];
      const last = read[read.length - 1];
      const w = versions.appendMop.get(k, last);
      if (w < 0 || table.mopTxn[w] !== from) continue;
      return {
        key: table.keys[k],
        value: last,
        because: `${txnName(table, to)} observed ${txnName(table, from)}'s append of ${showValue(last)} to key ${showKey(table.keys[k])}`,
      };
    }
    return undefined;
  }

  /** `to`'s append m follows `from`'s append: directly in the version order, or as an unobserved append after the last observed one. */
  private ww(from: number, to: number, m: number): DataEdgeEvidence | undefined {
    const { table } = this;
    const k = table.mopKey[m];
    const prev = this.liveWriterBefore(k, this.versions.appendPos[m]);
    if (prev < 0 || table.mopTxn[prev] !== from) return undefined;
    const unobserved = this.versions.appendPos[m] < 0 ? ' (no read showed it, so it came after every observed element)' : '';
    return {
      key: table.keys[k],
      value: table.mopValue[m],
      previous: table.mopValue[prev],
      because: `${txnName(table, to)} appended ${showValue(table.mopValue[m])} after ${txnName(table, from)} appended ${showValue(table.mopValue[prev])} to key ${showKey(table.keys[k])}${unobserved}`,
    };
  }

  /** `from` read a state of m's key that `to`'s append m came after, and did not see it. */
  private rw(from: number, to: number, m: number): DataEdgeEvidence | undefined {
    const { table, versions } = this;
    const k = table.mopKey[m];
    const target = versions.appendPos[m];
    for (let r = table.mopStart[from]; r < table.mopStart[from + 1]; r++) {
      const read = table.mopValue[r];
      if (table.mopKind[r] !== MOP_READ || table.mopKey[r] !== k || !Array.isArray(read)) continue;
      if (!this.agreesWithLongest(k, read)) continue;
      const pos = read.length === 0 ? -1 : positionOf(versions, k, read[read.length - 1]);
      const next = this.liveWriterAtOrAfter(k, pos + 1);
      const missed = target < 0 ? next < 0 : next === m;
      if (!missed) continue;
      return {
        key: table.keys[k],
        value: table.mopValue[m],
        previous: read.length === 0 ? null : read[read.length - 1],
        because: `${txnName(table, from)} read key ${showKey(table.keys[k])} as ${showValue(read)}, which does not include ${txnName(table, to)}'s append of ${showValue(table.mopValue[m])}`,
      };
    }
    return undefined;
  }

  private isLive(w: number): boolean {
    return w >= 0 && this.table.status[this.table.mopTxn[w]] !== FAIL;
  }

  /** The append mop of the last live version strictly before position `pos` (-1 meaning "after everything"). */
  private liveWriterBefore(k: number, pos: number): number {
    const { versionStart, slotWriter } = this.versions;
    const end = pos < 0 ? versionStart[k + 1] : versionStart[k] + pos;
    for (let s = end - 1; s >= versionStart[k]; s--) if (this.isLive(slotWriter[s])) return slotWriter[s];
    return -1;
  }

  private liveWriterAtOrAfter(k: number, pos: number): number {
    const { versionStart, slotWriter } = this.versions;
    for (let s = versionStart[k] + pos; s < versionStart[k + 1]; s++) if (this.isLive(slotWriter[s])) return slotWriter[s];
    return -1;
  }

  private agreesWithLongest(k: number, read: unknown[]): boolean {
    const lm = this.versions.longestMop[k];
    const longest = lm >= 0 ? (this.table.mopValue[lm] as unknown[]) : [];
    if (read.length > longest.length) return false;
    for (let i = 0; i < read.length; i++) if (read[i] !== longest[i]) return false;
    return true;
  }
}
