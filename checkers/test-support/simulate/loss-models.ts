import type { Rng } from '../../../core/rng.js';
import type { SimModel, SimOp, SimOutcome } from './simulation.js';

// Correct (linearizable) systems for the loss checkers, used by property tests and the
// benchmark. Each occasionally times out (info), applying the effect or not at random.

const ok = (value: unknown): SimOutcome => ({ type: 'ok', value });
const timeout = (value: unknown): SimOutcome => ({ type: 'info', value, error: 'timeout' });

export interface SetModelOptions {
  /** Operations per key before the workload moves on to a fresh key (Jepsen's independent keys). */
  opsPerKey: number;
  readFraction: number;
  infoFraction: number;
}

/** A grow-only set per key; reads return every element present at their effect point. */
export function setModel(o: SetModelOptions): SimModel {
  const sets = new Map<number, number[]>();
  let issued = 0;
  let nextElement = 0;
  return {
    next(_worker, rng) {
      const key = Math.floor(issued++ / o.opsPerKey);
      return rng.bool(o.readFraction) ? { f: 'read', value: null, key } : { f: 'add', value: nextElement++, key };
    },
    apply(op, _worker, rng) {
      let set = sets.get(op.key as number);
      if (set === undefined) sets.set(op.key as number, (set = []));
      if (op.f === 'read') return ok(set.slice());
      if (rng.bool(o.infoFraction)) {
        if (rng.bool()) set.push(op.value as number);
        return timeout(op.value);
      }
      set.push(op.value as number);
      return ok(op.value);
    },
  };
}

/** One counter; increments of 1 to 5. */
export function counterModel(o: { readFraction: number; infoFraction: number }): SimModel {
  let value = 0;
  return {
    next: (_worker, rng) => (rng.bool(o.readFraction) ? { f: 'read', value: null } : { f: 'add', value: rng.int(1, 5) }),
    apply(op, _worker, rng) {
      if (op.f === 'read') return ok(value);
      const applied = !rng.bool(o.infoFraction);
      if (applied || rng.bool()) value += op.value as number;
      return applied ? ok(op.value) : timeout(op.value);
    },
  };
}

/** Accounts a0..a(n-1) starting at `initialBalance`; transfers that would overdraw fail. */
export function bankModel(o: { accounts: number; initialBalance: number; readFraction: number }): SimModel {
  const names = Array.from({ length: o.accounts }, (_, i) => `a${i}`);
  const balances: Record<string, number> = Object.fromEntries(names.map((n) => [n, o.initialBalance]));
  return {
    next(_worker, rng) {
      if (rng.bool(o.readFraction)) return { f: 'read', value: null };
      const from = rng.pick(names);
      let to = rng.pick(names);
      while (to === from) to = rng.pick(names);
      return { f: 'transfer', value: { from, to, amount: rng.int(1, 20) } };
    },
    apply(op) {
      if (op.f === 'read') return ok({ ...balances });
      const t = op.value as { from: string; to: string; amount: number };
      if (balances[t.from] < t.amount) return { type: 'fail', value: t, error: 'insufficient funds' };
      balances[t.from] -= t.amount;
      balances[t.to] += t.amount;
      return ok(t);
    },
    finalOps: () => [{ f: 'read', value: null }],
  };
}

/** Read-modify-write counters done atomically, one per key, each read at the end. */
export function incrementModel(o: { keys: number }): SimModel {
  const values = new Array<number>(o.keys).fill(0);
  return {
    next: (_worker, rng) => ({ f: 'increment', value: null, key: rng.int(0, o.keys - 1) }),
    apply(op) {
      const key = op.key as number;
      if (op.f === 'read') return ok(values[key]);
      const read = values[key];
      values[key] = read + 1;
      return ok([read, read + 1]);
    },
    finalOps: (): SimOp[] => values.map((_, key) => ({ f: 'read', value: null, key })),
  };
}

/** A generator of ever-increasing ids. */
export function idModel(o: { infoFraction: number }): SimModel {
  let next = 0;
  return {
    next: () => ({ f: 'generate', value: null }),
    apply: (_op, _worker, rng: Rng) => (rng.bool(o.infoFraction) ? timeout(null) : ok(next++)),
  };
}
