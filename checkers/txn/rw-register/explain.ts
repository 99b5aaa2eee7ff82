import { MOP_READ, MOP_WRITE, type TxnTable } from '../core/txn-table.js';
import { showKey, showValue, txnName, type DataEdgeEvidence, type DataEdgeExplainer } from '../core/witness.js';
import type { RegisterIndex } from './register-index.js';
import type { VersionOrder } from './version-order.js';
import { BY_INITIAL_STATE, BY_PROCESS_ORDER, BY_REAL_TIME, BY_WRITES_FOLLOW_READS } from './version-order.js';

/** Re-derives the key and versions behind an edge of a reported cycle. */
export class RegisterExplainer implements DataEdgeExplainer {
  constructor(
    private readonly table: TxnTable,
    private readonly index: RegisterIndex,
    private readonly order: VersionOrder,
  ) {}

  explain(from: number, to: number, kind: 'ww' | 'wr' | 'rw'): DataEdgeEvidence | undefined {
    const { table, index } = this;
    const a = txnName(table, from);
    const b = txnName(table, to);
    if (kind === 'wr') {
      for (const m of this.externalMops(to, MOP_READ)) {
        const v = index.mopVersion[m];
        const w = index.versionWriter[v];
        if (w >= 0 && table.mopTxn[w] === from) {
          const k = showKey(table.keys[table.mopKey[m]]);
          return {
            key: table.keys[table.mopKey[m]],
            value: table.mopValue[w],
            because: `${b} read ${a}'s write of ${showValue(table.mopValue[w])} to key ${k}`,
          };
        }
      }
      return undefined;
    }
    for (const later of this.externalMops(to, MOP_WRITE)) {
      const v2 = index.mopVersion[later];
      const k = table.mopKey[later];
      for (const earlier of this.externalMops(from, kind === 'ww' ? MOP_WRITE : MOP_READ)) {
        const v1 = index.mopVersion[earlier];
        if (table.mopKey[earlier] !== k) continue;
        const why = this.order.reasons.get(v1 * index.versionCount + v2);
        if (why === undefined) continue;
        const key = table.keys[k];
        const v = table.mopValue[later];
        const prev = table.mopValue[earlier];
        const because =
          kind === 'ww'
            ? `${b} overwrote ${a}'s write of ${showValue(prev)} to key ${showKey(key)} with ${showValue(v)}${orderNote(why)}`
            : `${a} read key ${showKey(key)} = ${prev === null ? 'nil (its initial state)' : showValue(prev)}, which ${b} overwrote with ${showValue(v)}${orderNote(why)}`;
        return { key, value: v, previous: prev, because };
      }
    }
    return undefined;
  }

  private externalMops(t: number, kind: number): number[] {
    const out: number[] = [];
    for (let m = this.table.mopStart[t]; m < this.table.mopStart[t + 1]; m++) {
      if (this.table.mopKind[m] === kind && this.index.external[m] === 1 && this.index.mopVersion[m] >= 0) out.push(m);
    }
    return out;
  }
}

function orderNote(why: number): string {
  if (why & BY_INITIAL_STATE) return '';
  if (why & BY_WRITES_FOLLOW_READS) return ' (version order: a transaction read one and wrote the other)';
  if (why & BY_PROCESS_ORDER) return ' (version order: process order)';
  if (why & BY_REAL_TIME) return ' (version order: real time)';
  return '';
}
