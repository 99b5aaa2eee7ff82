import type { Op } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';

// Tiny random transaction histories for property tests against the brute-force oracle:
// reads are filled in by one random serial order (so the history starts out serializable),
// then some are corrupted the ways broken databases corrupt them. Writes are unique per key,
// as both Elle workloads require. Deterministic in the seed.

export type TxnWorkload = 'list-append' | 'rw-register';

export interface RandomHistoryOptions {
  /** Most transactions (at least 2); the oracle tries every order, so keep it small. */
  maxTxns?: number;
  /** Keys to spread micro-ops over. */
  keys?: number;
  /** Chance each read is corrupted after the serial fill. */
  corruption?: number;
  /** Chance a completed read records the empty state as nil instead of [] (Jepsen's clients do). */
  nilReads?: number;
}

type MicroOp = [string, number, unknown];

export function randomTxnHistory(seed: number, workload: TxnWorkload, options: RandomHistoryOptions = {}): Op[] {
  const rng = new Rng(seed);
  const keys = options.keys ?? 2;
  const n = rng.int(2, options.maxTxns ?? 5);
  const written = new Array<number>(keys).fill(0);
  const writeName = workload === 'list-append' ? 'append' : 'w';
  const txns = Array.from({ length: n }, () => {
    const ops: MicroOp[] = Array.from({ length: rng.int(1, 3) }, () => {
      const k = rng.int(0, keys - 1);
      return rng.bool() ? ['r', k, null] : [writeName, k, ++written[k]];
    });
    const roll = rng.float();
    return { ops, type: roll < 0.1 ? 'fail' : roll < 0.2 ? 'info' : 'ok' };
  });

  // One serial order fills every read; failed transactions and some indeterminate ones never happened.
  const store = new Map<number, unknown>();
  for (const t of rng.shuffle(txns)) {
    if (t.type === 'fail' || (t.type === 'info' && rng.bool())) continue;
    for (const op of t.ops) {
      const [f, k, v] = op;
      const current = store.get(k);
      if (f === 'r') op[2] = workload === 'list-append' ? ((current as unknown[] | undefined) ?? []).slice() : (current ?? null);
      else store.set(k, workload === 'list-append' ? [...((current as unknown[] | undefined) ?? []), v] : v);
    }
  }

  for (const t of txns) {
    for (const op of t.ops) {
      if (op[0] !== 'r' || rng.float() >= (options.corruption ?? 0.15)) continue;
      op[2] = corrupt(rng, workload, op, written[op[1]]);
    }
  }
  if (workload === 'list-append') {
    for (const t of txns)
      for (const op of t.ops) if (op[0] === 'r' && Array.isArray(op[2]) && op[2].length === 0 && rng.float() < (options.nilReads ?? 0.3)) op[2] = null;
  }

  // Interleave invocations and completions at random, one process per transaction.
  const events = rng.shuffle([...txns.keys(), ...txns.keys()]);
  const invoked = new Set<number>();
  const history: Op[] = [];
  for (const t of events) {
    const { ops, type } = txns[t];
    const invoking = !invoked.has(t);
    invoked.add(t);
    const value = invoking || type !== 'ok' ? ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]) : ops.map((op) => [...op]);
    history.push({ index: history.length, time: history.length, process: t, f: 'txn', type: invoking ? 'invoke' : (type as Op['type']), value });
  }
  return history;
}

/** A wrong read of key op[1]: a state that may never have existed, an older one, or nil. */
function corrupt(rng: Rng, workload: TxnWorkload, op: MicroOp, writes: number): unknown {
  const values = Array.from({ length: writes }, (_, i) => i + 1);
  if (workload === 'rw-register') return rng.bool(0.3) ? null : values.length > 0 ? rng.pick(values) : null;
  const read = (op[2] as unknown[] | null) ?? [];
  switch (rng.int(0, 3)) {
    case 0:
      // Any elements in any order.
      return rng.shuffle(values).slice(0, rng.int(0, values.length));
    case 1:
      // A stale state: a strict prefix.
      return read.slice(0, rng.int(0, Math.max(0, read.length - 1)));
    case 2: {
      // Two neighbours swapped.
      const out = read.slice();
      if (out.length >= 2) {
        const i = rng.int(0, out.length - 2);
        [out[i], out[i + 1]] = [out[i + 1], out[i]];
      }
      return out;
    }
    default: {
      // One element dropped.
      const drop = rng.int(0, Math.max(0, read.length - 1));
      return read.filter((_, i) => i !== drop);
    }
  }
}
