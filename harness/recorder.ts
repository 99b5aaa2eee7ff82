import type { HistoryWriter } from '../core/history-writer.js';
import type { Op } from '../core/history.js';

/** Nanoseconds since the clock was made, on the monotonic clock (never the wall clock). */
export function monotonicClock(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start);
}

export type OpDraft = Omit<Op, 'index' | 'time'>;

/**
 * The run's history as it happens: assigns index and time, keeps it in memory for the
 * checkers and streams it to history.jsonl so a killed harness still leaves a prefix.
 */
export class HistoryRecorder {
  readonly ops: Op[] = [];
  private readonly listeners: ((op: Op) => void)[] = [];

  constructor(
    readonly clock: () => number,
    private readonly writer?: HistoryWriter,
  ) {}

  record(draft: OpDraft): Op {
    const op: Op = { index: this.ops.length, time: this.clock(), type: draft.type, process: draft.process, f: draft.f, value: draft.value };
    if (draft.key !== undefined) op.key = draft.key;
    if (draft.node !== undefined) op.node = draft.node;
    if (draft.error !== undefined) op.error = draft.error;
    this.ops.push(op);
    this.writer?.append(op);
    for (const listener of this.listeners) listener(op);
    return op;
  }

  onRecord(listener: (op: Op) => void): void {
    this.listeners.push(listener);
  }

  /** Forces what was written to disk: called at phase ends. */
  sync(): void {
    this.writer?.sync();
  }
}
