import { pairIndex, type History, type Key } from '../../core/history.js';

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
  position: number;
  ops: PartitionOp[];
  events: number[];
}

export function partitionHistory(history: History): Partition[] {
  const pairs = pairIndex(history);
  const byKey = new Map<Key | null, Building>();
  const order: Building[] = [];
  // For each ok completion of a kept invocation: its partition's position in `order` and the op id.
  const returnPart = new Int32Array(history.length).fill(-1);
  const returnId = new Int32Array(history.length);
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process === 'nemesis') continue;
    if (op.type !== 'invoke') {
      if (returnPart[i] >= 0) order[returnPart[i]].events.push(2 * returnId[i] + 1);
      continue;
    }
    const j = pairs[i];
    const completion = j >= 0 ? history[j] : undefined;
    if (completion?.type === 'fail') continue;
    const key = op.key ?? completion?.key ?? null;
    let part = byKey.get(key);
    if (!part) {
      part = { key, position: order.length, ops: [], events: [] };
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
    if (ok) {
      returnPart[j] = part.position;
      returnId[j] = id;
    }
  }
  return order.map((p) => ({ key: p.key, ops: p.ops, events: Int32Array.from(p.events) }));
}
