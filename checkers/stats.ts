import { completedOps, type History } from '../harness/history.js';
import type { Checker, Verdict } from './verdict.js';

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
  byF: Record<string, OutcomeCounts>;
  /** Operation kinds that never succeeded: usually a broken client or a dead cluster. */
  neverOk: string[];
}

function emptyCounts(): OutcomeCounts {
  return { count: 0, ok: 0, fail: 0, info: 0 };
}

export function computeStats(history: History): StatsDetails {
  const total = emptyCounts();
  const byF: Record<string, OutcomeCounts> = {};
  for (const op of completedOps(history)) {
    const bucket = (byF[op.invoke.f] ??= emptyCounts());
    for (const c of [total, bucket]) {
      c.count++;
      c[op.type]++;
    }
  }
  const neverOk = Object.entries(byF).filter(([, c]) => c.ok === 0).map(([f]) => f).sort();
  return { ...total, byF, neverOk };
}

/** Jepsen's stats checker: invalid when some kind of operation never succeeded. */
export const statsChecker: Checker<StatsDetails> = {
  name: 'stats',
  summary: 'counts ok/fail/info per operation; invalid if some operation kind never succeeded',
  check(history): Verdict<StatsDetails> {
    const stats = computeStats(history);
    if (stats.count === 0) return { valid: 'unknown', reason: 'the history has no client operations: nothing to decide', ...stats };
    return { valid: stats.neverOk.length === 0, ...stats };
  },
};
