// The history is the contract between the harness, the checkers and the reports
// (DESIGN.md, "The history"). Everything here is plain data so that a history from
// anywhere (a Jepsen run, a user's own system) can be checked.

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** A logical client (a non-negative integer) or the nemesis. */
export type ProcessId = number | 'nemesis';

/** Independent keys split a history for P-compositional checking. */
export type Key = string | number;

export interface Op {
  /** Position in the history, from 0. */
  index: number;
  /** Nanoseconds since the run began, on a monotonic clock. */
  time: number;
  type: OpType;
  process: ProcessId;
  f: string;
  value: unknown;
  key?: Key;
  /**
   * On a completion: which node served the operation, when the client knows. On an invocation:
   * the node the client sent it to (its worker's node), when the client is bound to one.
   */
  node?: string;
  /** Why the operation failed or why its outcome is unknown. */
  error?: string;
}

export type History = readonly Op[];

export const NEMESIS = 'nemesis' as const;

export function isClientOp(op: Op): op is Op & { process: number } {
  return op.process !== NEMESIS;
}

/**
 * For every invocation, the index of its completion; -1 for an invocation that never
 * completed (a history cut short), which counts as `info`. Entries for completions point
 * back at their invocation, so one array answers both directions.
 */
export function pairIndex(history: History): Int32Array {
  const pairs = new Int32Array(history.length).fill(-1);
  // Client processes are small dense integers: an array is much faster than a Map here.
  const open: number[] = [];
  let nemesisOpen = -1;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    const p = op.process;
    if (op.type === 'invoke') {
      if (p === NEMESIS) nemesisOpen = i;
      else open[p] = i;
      continue;
    }
    const inv = p === NEMESIS ? nemesisOpen : (open[p] ?? -1);
    if (inv < 0) continue;
    if (p === NEMESIS) nemesisOpen = -1;
    else open[p] = -1;
    pairs[inv] = i;
    pairs[i] = inv;
  }
  return pairs;
}

/** One operation with both ends: what a checker usually wants. */
export interface Completed {
  invoke: Op;
  /** Missing when the history ended before the operation completed. */
  complete?: Op;
  /** The effective outcome: an open invocation is `info`. */
  type: 'ok' | 'fail' | 'info';
}

/** Client operations as invoke/completion pairs, in invocation order. Nemesis events are skipped. */
export function completedOps(history: History): Completed[] {
  const pairs = pairIndex(history);
  const out: Completed[] = [];
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.type !== 'invoke' || !isClientOp(op)) continue;
    const j = pairs[i];
    if (j < 0) {
      out.push({ invoke: op, type: 'info' });
    } else {
      const complete = history[j];
      out.push({ invoke: op, complete, type: complete.type as Completed['type'] });
    }
  }
  return out;
}

/** Nemesis operations, which checkers ignore and reports draw. */
export function nemesisOps(history: History): Op[] {
  return history.filter((op) => op.process === NEMESIS);
}
