import type { Key, Op, OpType } from '../../core/history.js';
import { validateHistory } from '../../core/history-reader.js';

/**
 * Hand-built histories for tests and simulations: each event gets the next index and a time
 * one millisecond after the previous event unless `advance` moves the clock further.
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

  /** Starts an operation and returns its index. */
  invoke(process: number, f: string, value: unknown = null, key?: Key): number {
    const op = this.push({ type: 'invoke', process, f, value, ...(key === undefined ? {} : { key }) });
    this.open.set(process, op);
    return op.index;
  }

  /** Completes the process's outstanding operation; the value defaults to the invocation's. */
  ok(process: number, value?: unknown): number {
    return this.complete('ok', process, value);
  }

  fail(process: number, value?: unknown, error?: string): number {
    return this.complete('fail', process, value, error);
  }

  info(process: number, value?: unknown, error?: string): number {
    return this.complete('info', process, value, error);
  }

  /** invoke then ok at once: an operation with no concurrency. Returns the completion's index. */
  call(process: number, f: string, value: unknown, result?: unknown, key?: Key): number {
    this.invoke(process, f, value, key);
    return this.ok(process, result);
  }

  nemesis(f: string, value: unknown = null): number {
    return this.push({ type: 'info', process: 'nemesis', f, value }).index;
  }

  /** The history, validated by the same rules as a history file. */
  build(): Op[] {
    return validateHistory(this.ops);
  }

  private complete(type: OpType, process: number, value: unknown, error?: string): number {
    const inv = this.open.get(process);
    if (!inv) throw new Error(`HistoryBuilder: process ${process} has nothing outstanding`);
    this.open.delete(process);
    const op = this.push({
      type,
      process,
      f: inv.f,
      value: value === undefined ? inv.value : value,
      ...(inv.key === undefined ? {} : { key: inv.key }),
      ...(error === undefined ? {} : { error }),
    });
    return op.index;
  }

  private push(fields: Omit<Op, 'index' | 'time'>): Op {
    this.now += 1e6;
    const op = { index: this.ops.length, time: this.now, ...fields } as Op;
    this.ops.push(op);
    return op;
  }
}
