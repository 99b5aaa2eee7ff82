import { pairIndex, type History, type Key } from '../../harness/history.js';

// Turns a history into the independent sub-histories the search checks, applying Jepsen's
// semantics on the way: nemesis events are ignored, a `fail` did not happen and is dropped,
// an `info` (or an invocation that never completed) stays open to the end of the history.
// Operations with different `key`s commute, so each key is checked on its own (Horn &
// Kroening's P-compositionality); operations without a key form one partition of their own.

/** One client operation with both ends, as the search needs it. Plain data, so it crosses to a worker. */
export interface PartitionOp {
  f: string;
  /** The invocation's value. */
  value: unknown;
  /** The completion's value for `ok`; undefined for `info`. */
  output: unknown;
  outcome: 'ok' | 'info';
  process: number;
  /** History index of the invocation. */
  invokeIndex: number;
  /** History index of the completion; -1 when the history ends first. */
  completeIndex: number;
}

export interface Partition {
  /** The `key` its operations share; null for operations without one. */
  key: Key | null;
  /** In invocation order; an operation's position here is its id in `events`. */
  ops: PartitionOp[];
  /**
   * Calls and `ok` returns in history order: `2 * id` is the call of ops[id], `2 * id + 1`
   * its return. `info` operations have no return: it lies beyond the end of the history.
   */
  events: Int32Array;
}

interface Building {
  key: Key | null;
  ops: PartitionOp[];
  events: number[];
}

export function partitionHistory(history: History): Partition[] {
  const pairs = pairIndex(history);
  const byKey = new Map<Key | null, Building>();
  const order: Building[] = [];
  // For each kept invocation, where its return event goes.
  const pendingReturn = new Map<number, { part: Building; id: number }>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process === 'nemesis') continue;
    if (op.type !== 'invoke') {
      const pending = op.type === 'ok' ? pendingReturn.get(i) : undefined;
      if (pending) {
        pending.part.events.push(2 * pending.id + 1);
        pendingReturn.delete(i);
      }
      continue;
    }
    const j = pairs[i];
    const completion = j >= 0 ? history[j] : undefined;
    if (completion?.type === 'fail') continue;
    const key = op.key ?? completion?.key ?? null;
    let part = byKey.get(key);
    if (!part) {
      part = { key, ops: [], events: [] };
      byKey.set(key, part);
      order.push(part);
    }
    const id = part.ops.length;
    const ok = completion?.type === 'ok';
    part.ops.push({
      f: op.f,
      value: op.value,
      output: ok ? completion.value : undefined,
      outcome: ok ? 'ok' : 'info',
      process: op.process as number,
      invokeIndex: op.index,
      completeIndex: completion ? completion.index : -1,
    });
    part.events.push(2 * id);
    if (ok) pendingReturn.set(j, { part, id });
  }
  return order.map((p) => ({ key: p.key, ops: p.ops, events: Int32Array.from(p.events) }));
}
