import type { Key, Op, OpType, ProcessId } from '../../core/history.js';
import { validateHistory } from '../../core/history-reader.js';

// The one way tests and benches write histories by hand, in Jepsen's vocabulary: a builder
// that pairs completions with their invocations (operations by process, transactions by
// handle, nemesis events) and validates the result as a history file would be, and `history`
// for a literal list of events, unvalidated, for tests that need a malformed one.

/** A micro-op as the completion records it: reads carry what they saw. */
export type MicroOp = readonly [string, Key, unknown];

/** A transaction begun with `startTxn`. */
export interface TxnHandle {
  process: number;
  ops: readonly MicroOp[];
  invokeIndex: number;
  /** Set once completed: the index that names the transaction (T<index>). */
  completeIndex?: number;
}

/** What an event may carry besides its value. */
export interface OpExtras {
  node?: string;
  error?: string;
}

type Completion = Exclude<OpType, 'invoke'>;

/**
 * Each event gets the next index and a time one millisecond after the previous event, unless
 * `advance` or `at` moves the clock.
 */
export class HistoryBuilder {
  private readonly ops: Op[] = [];
  private readonly open = new Map<number, Op>();
  private now = 0;

  /** Moves the clock forward; the next event happens `ms` milliseconds after the last one. */
  advance(ms: number): this {
    this.now += Math.round(ms * 1e6) - 1e6;
    return this;
  }

  /** The next event happens `seconds` after the run began (and later ones a millisecond apart again). */
  at(seconds: number): this {
    this.now = Math.round(seconds * 1e9) - 1e6;
    return this;
  }

  /** Starts an operation and returns its index. */
  invoke(process: number, f: string, value: unknown = null, key?: Key, extras?: OpExtras): number {
    if (this.open.has(process)) throw new Error(`HistoryBuilder: process ${process} already has an operation outstanding`);
    const op = this.push({ type: 'invoke', process, f, value, ...(key === undefined ? {} : { key }), ...extras });
    this.open.set(process, op);
    return op.index;
  }

  /** Completes the process's outstanding operation; the value defaults to the invocation's. */
  ok(process: number, value?: unknown, extras?: OpExtras): number {
    return this.complete('ok', process, value, extras);
  }

  /** A string third argument is the error. */
  fail(process: number, value?: unknown, extras?: string | OpExtras): number {
    return this.complete('fail', process, value, typeof extras === 'string' ? { error: extras } : extras);
  }

  /** A string third argument is the error. */
  info(process: number, value?: unknown, extras?: string | OpExtras): number {
    return this.complete('info', process, value, typeof extras === 'string' ? { error: extras } : extras);
  }

  /** invoke then ok at once: an operation with no concurrency. Returns the completion's index. */
  call(process: number, f: string, value: unknown, result?: unknown, key?: Key): number {
    this.invoke(process, f, value, key);
    return this.ok(process, result);
  }

  nemesis(f: string, value: unknown = null): number {
    return this.push({ type: 'info', process: 'nemesis', f, value }).index;
  }

  /**
   * Invokes a transaction (f "txn"), written once with its read results: the invocation
   * carries nulls in their place. The process is the lowest one with nothing outstanding unless given.
   */
  startTxn(ops: readonly MicroOp[], process?: number): TxnHandle {
    const p = process ?? this.freeProcess();
    const value = ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]);
    return { process: p, ops, invokeIndex: this.invoke(p, 'txn', value) };
  }

  /** Completes a transaction: an ok one with its read results, a failed or unknown one with its invocation's value. */
  endTxn(h: TxnHandle, type: Completion = 'ok'): number {
    h.completeIndex = this.complete(type, h.process, type === 'ok' ? h.ops.map((m) => [...m]) : undefined);
    return h.completeIndex;
  }

  /** Invokes and completes at once: a transaction no other one overlaps. */
  txn(ops: readonly MicroOp[], type: Completion = 'ok', process?: number): TxnHandle {
    const h = this.startTxn(ops, process);
    this.endTxn(h, type);
    return h;
  }

  /** Invokes all, then completes all in order: transactions that all overlap, so none precedes another in real time. */
  concurrent(txns: readonly (readonly MicroOp[])[], type: Completion = 'ok'): TxnHandle[] {
    const handles = txns.map((ops) => this.startTxn(ops));
    for (const h of handles) this.endTxn(h, type);
    return handles;
  }

  /** The history, validated by the same rules as a history file. */
  build(): Op[] {
    return validateHistory(this.ops);
  }

  private complete(type: Completion, process: number, value: unknown, extras?: OpExtras): number {
    const inv = this.open.get(process);
    if (!inv) throw new Error(`HistoryBuilder: process ${process} has nothing outstanding`);
    this.open.delete(process);
    const op = this.push({
      type,
      process,
      f: inv.f,
      value: value === undefined ? inv.value : value,
      ...(inv.key === undefined ? {} : { key: inv.key }),
      ...extras,
    });
    return op.index;
  }

  private push(fields: Omit<Op, 'index' | 'time'>): Op {
    this.now += 1e6;
    const op = { index: this.ops.length, time: this.now, ...fields } as Op;
    this.ops.push(op);
    return op;
  }

  private freeProcess(): number {
    let p = 0;
    while (this.open.has(p)) p++;
    return p;
  }
}

/** One event: [type, process, f, value] and optionally the key. */
export type EventSpec = [OpType, ProcessId, string, unknown, Key?];

/** A history from terse events, with index and time (a millisecond apart) filled in and nothing checked. */
export function history(...events: EventSpec[]): Op[] {
  return events.map(([type, process, f, value, key], index) => ({
    index,
    time: index * 1_000_000,
    type,
    process,
    f,
    value,
    ...(key !== undefined ? { key } : {}),
  }));
}
