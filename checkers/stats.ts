import { completedOps, type History } from '../core/history.js';
import type { Checker, Verdict } from '../core/verdict.js';

export interface OutcomeCounts {
  count: number;
  ok: number;
  fail: number;
  info: number;
}

export interface StatsDetails {
  count: number;
  ok: number;
  fail: number;
  info: number;
  /** Prototype-free: an operation named "constructor" or "__proto__" is counted like any other. */
  byF: Record<string, OutcomeCounts>;
  /** Operation kinds that never succeeded: usually a broken client or a dead cluster. */
  neverOk: string[];
}

function emptyCounts(): OutcomeCounts {
  return { count: 0, ok: 0, fail: 0, info: 0 };
}

export function computeStats(history: History): StatsDetails {
  const total = emptyCounts();
  // Operation names are data: a Map keys them safely, then a prototype-free object carries them out.
  const counts = new Map<string, OutcomeCounts>();
  for (const op of completedOps(history)) {
    let bucket = counts.get(op.invoke.f);
    if (!bucket) counts.set(op.invoke.f, (bucket = emptyCounts()));
    for (const c of [total, bucket]) {
      c.count++;
      c[op.type]++;
    }
  }
  const byF = Object.create(null) as Record<string, OutcomeCounts>;
  for (const [f, c] of counts) byF[f] = c;
  const neverOk = [...counts]
    .filter(([, c]) => c.ok === 0)
    .map(([f]) => f)
    .sort();
  return { ...total, byF, neverOk };
}

/** Jepsen's stats checker: invalid when some kind of operation never succeeded. */
export const statsChecker: Checker<StatsDetails> = {
  name: 'stats',
  options: [],
  summary: 'counts ok/fail/info per operation; invalid if some operation kind never succeeded',
  check(history): Verdict<StatsDetails> {
    const stats = computeStats(history);
    if (stats.count === 0) return { valid: 'unknown', reason: 'the history has no client operations: nothing to decide', ...stats };
    return { valid: stats.neverOk.length === 0, ...stats };
  },
};
