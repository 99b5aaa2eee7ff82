import { describe, expect, it } from 'vitest';
import { checkBank } from '../../checkers/loss/index.js';
import { ConfigError } from '../../core/errors.js';
import { limit, phases, simulate, type GenOp } from '../index.js';
import type { Op } from '../../core/history.js';
import { bankAccounts, bankWorkload } from './bank.js';

interface Transfer {
  from: number;
  to: number;
  amount: number;
}

/**
 * Runs the workload against a simulated bank. Transfers apply atomically at completion and
 * overdrafts fail. `reads` says how a read sees the balances: all at one moment, or the first
 * half of the accounts when it starts and the rest when it ends (read skew).
 */
function run(reads: 'snapshot' | 'skewed', seed = 1): { history: Op[]; checkerOptions: Record<string, unknown> } {
  const workload = bankWorkload({ accounts: 4, initialBalance: 10 });
  const balances = bankAccounts(4).map(() => 10);
  const atInvoke = new Map<GenOp, number[]>();
  const history = simulate(phases(limit(600, workload.generator), workload.final!), {
    concurrency: 6,
    seed,
    latency: (op, rng) => {
      atInvoke.set(op, balances.slice());
      return rng.int(1, 5) * 1_000_000;
    },
    complete: (op) => {
      if (op.f === 'read') {
        const early = atInvoke.get(op) as number[];
        const seen = reads === 'snapshot' ? balances : balances.map((b, i) => (i < 2 ? early[i] : b));
        return { type: 'ok', value: Object.fromEntries(seen.map((b, i) => [String(i), b])) };
      }
      const t = op.value as Transfer;
      if (balances[t.from] < t.amount) return { type: 'fail' };
      balances[t.from] -= t.amount;
      balances[t.to] += t.amount;
      return { type: 'ok' };
    },
  });
  return { history, checkerOptions: workload.checkers[0].options! };
}

describe('bank workload', () => {
  it('moves between distinct accounts in bounded amounts, then reads every balance once more', () => {
    const { history } = run('snapshot', 4);
    const transfers = history.filter((o) => o.type === 'invoke' && o.f === 'transfer').map((o) => o.value as Transfer);
    expect(transfers.length).toBeGreaterThan(300);
    for (const t of transfers) {
      expect(t.from).not.toBe(t.to);
      expect([t.from, t.to].every((a) => a >= 0 && a < 4)).toBe(true);
      expect(t.amount).toBeGreaterThanOrEqual(1);
      expect(t.amount).toBeLessThanOrEqual(5);
    }
    const last = history[history.length - 1];
    expect(last).toMatchObject({ type: 'ok', f: 'read' });
  });

  it('declares the bank checker with its accounts and balances, which passes a bank that reads snapshots', () => {
    const { history, checkerOptions } = run('snapshot');
    expect(checkerOptions).toEqual({ accounts: [0, 1, 2, 3], initialBalance: 10, negativeBalances: false });
    const verdict = checkBank(history, checkerOptions);
    expect(verdict.valid).toBe(true);
    if (verdict.valid === 'unknown') throw new Error('unexpected unknown');
    expect(verdict.banks[0].finalState).toBe('reflected');
  });

  it('lets the checker catch reads that see balances from two moments', () => {
    const { history, checkerOptions } = run('skewed');
    const verdict = checkBank(history, checkerOptions);
    expect(verdict.valid).toBe(false);
    if (verdict.valid === 'unknown') throw new Error('unexpected unknown');
    expect(verdict.badReads[0].problems.map((p) => p.kind)).toContain('wrong-total');
  });

  it('names a bad option', () => {
    expect(() => bankWorkload({ accounts: 1 })).toThrow(ConfigError);
    expect(() => bankWorkload({ readFraction: 2 })).toThrow(/readFraction: must be between 0 and 1, got 2/);
  });
});
