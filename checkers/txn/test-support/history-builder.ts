import type { Key, Op } from '../../../core/history.js';

/** A micro-op as the completion records it: reads carry what they saw. */
export type MicroOp = readonly [string, Key, unknown];

export interface TxnHandle {
  process: number;
  ops: readonly MicroOp[];
  invokeIndex: number;
  /** Set once completed: the index that names the transaction (T<index>). */
  completeIndex?: number;
}

/**
 * Builds small transaction histories by hand. Each transaction is written once, with its
 * read results; the invocation gets nulls in their place. Processes are picked
 * automatically (the lowest one not busy) unless given.
 */
export class TxnHistoryBuilder {
  private readonly ops: Op[] = [];
  private readonly busy = new Set<number>();

  invoke(ops: readonly MicroOp[], process?: number): TxnHandle {
    const p = process ?? this.freeProcess();
    if (this.busy.has(p)) throw new Error(`process ${p} already has a transaction open`);
    this.busy.add(p);
    const value = ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]);
    const invokeIndex = this.push({ type: 'invoke', process: p, value });
    return { process: p, ops, invokeIndex };
  }

  ok(h: TxnHandle): number {
    return this.complete(h, 'ok', h.ops.map((m) => [...m]));
  }

  fail(h: TxnHandle): number {
    return this.complete(h, 'fail', this.invocationValue(h));
  }

  info(h: TxnHandle): number {
    return this.complete(h, 'info', this.invocationValue(h));
  }

  /** Invokes and completes at once: a transaction no other one overlaps. */
  txn(ops: readonly MicroOp[], type: 'ok' | 'fail' | 'info' = 'ok', process?: number): TxnHandle {
    const h = this.invoke(ops, process);
    this[type](h);
    return h;
  }

  /** Invokes all, then completes all in order: transactions that all overlap, so none precedes another in real time. */
  concurrent(txns: readonly (readonly MicroOp[])[], type: 'ok' | 'fail' | 'info' = 'ok'): TxnHandle[] {
    const handles = txns.map((ops) => this.invoke(ops));
    for (const h of handles) this[type](h);
    return handles;
  }

  get history(): Op[] {
    return this.ops.slice();
  }

  private complete(h: TxnHandle, type: 'ok' | 'fail' | 'info', value: unknown): number {
    if (!this.busy.has(h.process)) throw new Error(`process ${h.process} has nothing open`);
    this.busy.delete(h.process);
    h.completeIndex = this.push({ type, process: h.process, value });
    return h.completeIndex;
  }

  private invocationValue(h: TxnHandle): unknown {
    return this.ops[h.invokeIndex].value;
  }

  private push(op: Omit<Op, 'index' | 'time' | 'f'>): number {
    const index = this.ops.length;
    this.ops.push({ index, time: index * 1_000_000, f: 'txn', ...op });
    return index;
  }

  private freeProcess(): number {
    let p = 0;
    while (this.busy.has(p)) p++;
    return p;
  }
}
