import type { Op, OpType } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';

// Histories shaped like Porcupine's 50-client kv test data (MIT 6.824's key/value service
// tests): every client loops over get, put and append on random keys, appended and put
// values are unique ("x <client> <n> y"), so every read reveals the whole state of its key.
// A few requests take very long (a clerk retrying through a leader change), which makes many
// appends concurrent with each other: the shape where the Wing–Gong–Lowe search explodes.
// The store is linearizable by construction: each operation takes effect at one instant
// inside its interval. Corruptions then break it in the ways a buggy store would.

export interface KvAppendOptions {
  seed: number;
  processes: number;
  operations: number;
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

interface Planned {
  process: number;
  f: 'get' | 'put' | 'append';
  key: string;
  value: string | null;
  invoke: number;
  effect: number;
  complete: number;
  outcome: 'ok' | 'info';
  /** Whether an info operation took effect. */
  applied: boolean;
  result?: string;
}

/** A valid (linearizable) kv history with unique appends and puts, in Jepsen's vocabulary: read, write, append. */
export function simulateKvAppend(options: KvAppendOptions): Op[] {
  const rng = new Rng(options.seed);
  const appendRate = options.appendRate ?? 0.5;
  const putRate = options.putRate ?? 0.05;
  const slowRate = options.slowRate ?? 0.02;
  const slowFactor = options.slowFactor ?? 40;
  const planned: Planned[] = [];
  const clock = new Array<number>(options.processes).fill(0);
  const counter = new Array<number>(options.processes).fill(0);
  const processOf = Array.from({ length: options.processes }, (_, i) => i);
  for (let n = 0; n < options.operations; n++) {
    // The client that is free first issues the next request.
    let c = 0;
    for (let i = 1; i < options.processes; i++) if (clock[i] < clock[c]) c = i;
    const invoke = clock[c] + rng.int(1, 50);
    const duration = rng.int(20, 200) * (rng.float() < slowRate ? slowFactor : 1);
    const roll = rng.float();
    const f = roll < appendRate ? 'append' : roll < appendRate + putRate ? 'put' : 'get';
    const value = f === 'get' ? null : `x ${c} ${counter[c]++} y`;
    const info = rng.float() < (options.infoRate ?? 0);
    planned.push({
      process: processOf[c],
      f,
      key: String(rng.int(0, options.keys - 1)),
      value,
      invoke,
      effect: invoke + rng.float() * duration,
      complete: invoke + duration,
      outcome: info ? 'info' : 'ok',
      applied: !info || rng.bool(),
    });
    clock[c] = invoke + duration;
    if (info) processOf[c] += options.processes;
  }
  const store = new Map<string, string>();
  for (const op of [...planned].sort((a, b) => a.effect - b.effect)) {
    if (!op.applied) continue;
    if (op.f === 'get') op.result = store.get(op.key) ?? '';
    else if (op.f === 'put') store.set(op.key, op.value as string);
    else store.set(op.key, (store.get(op.key) ?? '') + (op.value as string));
  }
  const events: { time: number; type: OpType; op: Planned }[] = [];
  for (const op of planned) {
    events.push({ time: op.invoke, type: 'invoke', op });
    events.push({ time: op.complete, type: op.outcome, op });
  }
  events.sort((a, b) => a.time - b.time || (a.type === 'invoke' ? 1 : 0) - (b.type === 'invoke' ? 1 : 0));
  return events.map(({ time, type, op }, index) => ({
    index,
    time: Math.round(time * 1000),
    type,
    process: op.process,
    f: op.f === 'get' ? 'read' : op.f === 'put' ? 'write' : 'append',
    key: op.key,
    value: op.f === 'get' ? (type === 'ok' ? (op.result as string) : null) : op.value,
  }));
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

/** Makes one read (late in the history) miss an append that completed before it began: a stale read. */
export function staleRead(history: Op[], rng: Rng): string | undefined {
  const reads = history.filter((op) => op.type === 'ok' && op.f === 'read' && typeof op.value === 'string' && op.value.length > 0);
  for (const read of rng.shuffle(reads.slice(-Math.max(1, Math.floor(reads.length / 4))))) {
    const text = read.value as string;
    // Drop the last appended value ("x c n y") the read showed.
    const cut = text.lastIndexOf('x ');
    if (cut <= 0) continue;
    read.value = text.slice(0, cut);
    return read.key as string;
  }
  return undefined;
}
