import type { Op } from '../../../core/history.js';
import { pairIndex } from '../../../core/history.js';

// A reference answer for tiny histories: try every serial order (and every choice of which
// indeterminate transactions took effect) and replay it against an in-memory store.

interface OracleTxn {
  ops: [string, unknown, unknown][];
  type: 'ok' | 'fail' | 'info';
  invokePos: number;
  completePos: number;
}

export interface OracleOptions {
  workload: 'list-append' | 'rw-register';
  /** Also require the order to respect real time (strict serializability). */
  realtime: boolean;
}

/** Whether some serial order of the committed (and some of the indeterminate) transactions explains every read. */
export function serialOrderExists(history: readonly Op[], options: OracleOptions): boolean {
  const pairs = pairIndex(history);
  const txns: OracleTxn[] = [];
  history.forEach((op, i) => {
    if (op.type !== 'invoke') return;
    const j = pairs[i];
    const done = j >= 0 ? history[j] : undefined;
    const type = done === undefined ? 'info' : (done.type as OracleTxn['type']);
    const value = type === 'ok' ? (done as Op).value : op.value;
    txns.push({ ops: value as OracleTxn['ops'], type, invokePos: i, completePos: j < 0 ? Infinity : j });
  });
  const committed = txns.filter((t) => t.type === 'ok');
  const maybe = txns.filter((t) => t.type === 'info');
  for (let mask = 0; mask < 1 << maybe.length; mask++) {
    const chosen = [...committed, ...maybe.filter((_, i) => (mask >> i) & 1)];
    if (someOrder(chosen, [], options)) return true;
  }
  return false;
}

function someOrder(remaining: OracleTxn[], prefix: OracleTxn[], options: OracleOptions): boolean {
  if (remaining.length === 0) return replays(prefix, options.workload);
  for (let i = 0; i < remaining.length; i++) {
    const next = remaining[i];
    // In real time, nothing still to place may have completed before `next` was invoked.
    if (options.realtime && remaining.some((r) => r !== next && r.type === 'ok' && r.completePos < next.invokePos)) continue;
    if (someOrder([...remaining.slice(0, i), ...remaining.slice(i + 1)], [...prefix, next], options)) return true;
  }
  return false;
}

function replays(order: OracleTxn[], workload: OracleOptions['workload']): boolean {
  const store = new Map<unknown, unknown>();
  for (const txn of order) {
    for (const [f, k, v] of txn.ops) {
      const current = store.get(k);
      if (f === 'r') {
        if (txn.type !== 'ok') continue;
        // A committed read of nil saw the initial state: the empty list, or the nil version.
        const expected = workload === 'list-append' ? ((current as unknown[] | undefined) ?? []) : (current ?? null);
        const seen = workload === 'list-append' ? (v ?? []) : (v ?? null);
        if (JSON.stringify(expected) !== JSON.stringify(seen)) return false;
      } else {
        store.set(k, workload === 'list-append' ? [...((current as unknown[] | undefined) ?? []), v] : v);
      }
    }
  }
  return true;
}
