import type { Op } from '../../../core/history.js';
import type { Rng } from '../../../core/rng.js';
import type { SimModel, SimulationOptions } from '../../test-support/index.js';

// Histories shaped like Porcupine's 50-client kv test data (MIT 6.824's key/value service
// tests), for the shared simulate(): every client loops over get, put and append on random
// keys, appended and put values are unique ("x <client> <n> y"), so every read reveals the
// whole state of its key. A few requests take very long (a clerk retrying through a leader
// change), which makes many appends concurrent with each other: the shape where the
// Wing–Gong–Lowe search explodes. Corruptions then break it in the ways a buggy store would.

export interface KvAppendOptions {
  keys: number;
  /** Fractions of appends and puts; the rest are gets. */
  appendRate?: number;
  putRate?: number;
  /** Fraction of requests that take `slowFactor` times longer than usual. */
  slowRate?: number;
  slowFactor?: number;
  /** Fraction of operations that end `info` (taking effect or not, at random). */
  infoRate?: number;
}

/** The store and its clients, in Jepsen's vocabulary: read, write, append. */
export function kvAppendModel(options: KvAppendOptions): SimModel {
  const appendRate = options.appendRate ?? 0.5;
  const putRate = options.putRate ?? 0.05;
  const store = new Map<string, string>();
  const counter: number[] = [];
  return {
    next(worker, rng) {
      const roll = rng.float();
      const f = roll < appendRate ? 'append' : roll < appendRate + putRate ? 'write' : 'read';
      const n = counter[worker] ?? 0;
      if (f !== 'read') counter[worker] = n + 1;
      return { f, value: f === 'read' ? null : `x ${worker} ${n} y`, key: String(rng.int(0, options.keys - 1)) };
    },
    apply(op, _worker, rng) {
      const info = rng.float() < (options.infoRate ?? 0);
      if (info && !rng.bool()) return { type: 'info', value: op.value };
      const key = op.key as string;
      if (op.f === 'read') return info ? { type: 'info', value: null } : { type: 'ok', value: store.get(key) ?? '' };
      store.set(key, op.f === 'write' ? (op.value as string) : (store.get(key) ?? '') + (op.value as string));
      return { type: info ? 'info' : 'ok', value: op.value };
    },
  };
}

/** Its timing: requests of 20 to 200 µs, a few `slowFactor` times longer, and pauses of 1 to 50 µs. */
export function kvAppendTiming(options: Pick<KvAppendOptions, 'slowRate' | 'slowFactor'> = {}): Pick<SimulationOptions, 'duration' | 'think'> {
  const slowRate = options.slowRate ?? 0.02;
  const slowFactor = options.slowFactor ?? 40;
  return {
    duration: (_op, rng: Rng) => rng.int(20, 200) * (rng.float() < slowRate ? slowFactor : 1) * 1000,
    think: (rng: Rng) => rng.int(1, 50) * 1000,
  };
}

/**
 * Breaks one key early in the history in a way a checker proves quickly: a read that
 * completed shows an append invoked only after the read completed (a read from the future).
 * Returns the key broken, or undefined when no fitting read exists.
 */
export function readFromTheFuture(history: Op[], rng: Rng): string | undefined {
  const reads = history.filter((op) => op.type === 'ok' && op.f === 'read').slice(0, 40);
  for (const read of rng.shuffle(reads)) {
    const later = history.find((op) => op.index > read.index && op.type === 'invoke' && op.f === 'append' && op.key === read.key);
    if (!later) continue;
    read.value = `${read.value as string}${later.value as string}`;
    return read.key as string;
  }
  return undefined;
}

/**
 * Makes one read (late in the history) miss an append that completed before it began: a
 * stale read. Returns the key broken, or undefined when no read fits.
 */
export function staleRead(history: Op[], rng: Rng): string | undefined {
  const reads = history.filter((op) => op.type === 'ok' && op.f === 'read' && typeof op.value === 'string' && op.value.length > 0);
  // Where each process's operations were invoked, and where each appended value's append completed.
  const invokedAt = new Map<Op, number>();
  const lastInvoke = new Map<Op['process'], number>();
  const appendedAt = new Map<string, number>();
  for (const op of history) {
    if (op.type === 'invoke') lastInvoke.set(op.process, op.index);
    else invokedAt.set(op, lastInvoke.get(op.process) ?? -1);
    if (op.type === 'ok' && op.f === 'append') appendedAt.set(`${String(op.key)} ${op.value as string}`, op.index);
  }
  for (const read of rng.shuffle(reads.slice(-Math.max(1, Math.floor(reads.length / 4))))) {
    const text = read.value as string;
    // Drop the last appended value ("x c n y") the read showed, if its append was over before the read began.
    const cut = text.lastIndexOf('x ');
    if (cut <= 0) continue;
    const completed = appendedAt.get(`${String(read.key)} ${text.slice(cut)}`);
    if (completed === undefined || completed > (invokedAt.get(read) ?? -1)) continue;
    read.value = text.slice(0, cut);
    return read.key as string;
  }
  return undefined;
}
