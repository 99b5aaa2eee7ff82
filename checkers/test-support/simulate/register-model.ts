import type { Key, Op } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';
import type { SimModel, SimOp, SimOutcome } from './simulation.js';

// A register store for the linearizable checker's tests and the report's fixtures: read,
// write and cas per key (cas-register), or read, write and append of unique strings (kv).
// Each operation takes effect at one instant inside its interval, so the store is
// linearizable, unless a stale-read window makes it wrong on purpose. Some requests time out
// (info): their effect happened before the timeout, lands at some later time, or, when the
// run ends first, never, as a timed-out request to a real store may.

export interface RegisterModelOptions {
  mix: 'cas-register' | 'kv';
  /** Keys k0..k(n-1) to spread operations over; 0 for one register and no key. */
  keys: number;
  /** Distinct values written: cas-register writes and compares 0..values-1, kv writes w0..w(values-1). */
  values: number;
  /** Fraction of operations that time out (info). */
  infoRate?: number;
  /** Reads taking effect from `from` to `to` seconds see the value before the key's last change: stale reads, not linearizable. */
  staleReads?: { from: number; to: number };
}

export function registerModel(o: RegisterModelOptions): SimModel {
  const store = new Map<Key | undefined, unknown>();
  const before = new Map<Key | undefined, unknown>();
  let appends = 0;
  const current = (key: Key | undefined): unknown => (store.has(key) ? store.get(key) : null);
  const set = (key: Key | undefined, value: unknown): void => {
    before.set(key, current(key));
    store.set(key, value);
  };
  const stale = (time: number): boolean => o.staleReads !== undefined && time >= o.staleReads.from * 1e9 && time <= o.staleReads.to * 1e9;
  const effect = (op: SimOp, time: number): SimOutcome => {
    const now = current(op.key);
    switch (op.f) {
      case 'read':
        return { type: 'ok', value: stale(time) && before.has(op.key) ? before.get(op.key) : now };
      case 'write':
        set(op.key, op.value);
        return { type: 'ok', value: op.value };
      case 'append':
        set(op.key, (now === null ? '' : String(now)) + String(op.value));
        return { type: 'ok', value: op.value };
      default: {
        const [from, to] = op.value as [unknown, unknown];
        if (now !== from) return { type: 'fail', value: op.value };
        set(op.key, to);
        return { type: 'ok', value: op.value };
      }
    }
  };
  return {
    next(_worker, rng) {
      const key = o.keys > 0 ? `k${rng.int(0, o.keys - 1)}` : undefined;
      const roll = rng.float();
      const v = () => rng.int(0, o.values - 1);
      let f: string;
      let value: unknown;
      if (o.mix === 'cas-register') [f, value] = roll < 0.4 ? ['read', null] : roll < 0.7 ? ['write', v()] : ['cas', [v(), v()]];
      else [f, value] = roll < 0.5 ? ['read', null] : roll < 0.75 ? ['write', `w${v()}`] : ['append', `a${appends++}`];
      return key === undefined ? { f, value } : { f, value, key };
    },
    apply(op, _worker, rng, time) {
      if (!rng.bool(o.infoRate ?? 0)) return effect(op, time);
      if (op.f === 'read') return { type: 'info', value: null, error: 'timeout' };
      if (rng.bool()) {
        effect(op, time);
        return { type: 'info', value: op.value, error: 'timeout' };
      }
      return { type: 'info', value: op.value, error: 'timeout', later: () => void effect(op, time) };
    },
  };
}

/**
 * Changes one ok read: `stale` makes it see another of the `values` a cas-register holds (a
 * plausible bug, often but not always non-linearizable); otherwise a value nobody wrote.
 */
export function corruptRead(history: readonly Op[], seed: number, how: { stale: boolean; values: number }): Op[] {
  const rng = new Rng(seed);
  const out = history.map((op) => ({ ...op }));
  const reads = out.filter((op) => op.type === 'ok' && op.f === 'read');
  if (reads.length === 0) return out;
  const read = reads[rng.int(0, reads.length - 1)];
  if (typeof read.value === 'number' || (read.value === null && how.stale)) {
    const seen = typeof read.value === 'number' ? read.value : -1;
    read.value = how.stale ? (seen + 1 + rng.int(0, how.values - 2)) % how.values : seen + 1000;
  } else {
    read.value = `${read.value ?? ''}!`;
  }
  return out;
}
