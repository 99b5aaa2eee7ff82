import { describe, expect, it } from 'vitest';
import { limit, phases, simulate } from '../../generators/index.js';
import { Rng } from '../../core/rng.js';
import { ISOLATION_LEVELS, type IsolationLevel } from './isolation.js';
import { postgresWorkload, type PostgresWorkloadSettings } from './workloads.js';

// Each workload is judged against what the chosen level promises; asking for every anomaly
// adds the check that lists what the level let through.

const settings = (isolation: IsolationLevel, allAnomalies = false): PostgresWorkloadSettings => ({
  isolation,
  allAnomalies,
  keyCount: 4,
  counters: 2,
  accounts: 3,
  initialBalance: 10,
});

describe('checkers the postgres workloads declare', () => {
  it('check list-append and rw-register against the promised model', () => {
    const promised = {
      'read-uncommitted': 'read-committed',
      'read-committed': 'read-committed',
      'repeatable-read': 'snapshot-isolation',
      serializable: 'serializable',
    };
    for (const level of ISOLATION_LEVELS) {
      for (const name of ['list-append', 'rw-register'] as const) {
        expect(postgresWorkload(name, settings(level), new Rng(1)).checkers).toEqual([{ checker: name, options: { consistencyModels: [promised[level]] } }]);
      }
    }
  });

  it('add a check against serializable when every anomaly is wanted, unless that is the promise already', () => {
    expect(postgresWorkload('list-append', settings('read-committed', true), new Rng(1)).checkers).toEqual([
      { checker: 'list-append', options: { consistencyModels: ['read-committed'] } },
      { checker: 'list-append', as: 'list-append-vs-serializable', options: { consistencyModels: ['serializable'] } },
    ]);
    expect(postgresWorkload('rw-register', settings('serializable', true), new Rng(1)).checkers).toHaveLength(1);
  });

  it('check lost updates and bank totals only where the level promises them, or when asked', () => {
    const checkers = (name: 'counter' | 'bank', level: IsolationLevel, all = false) =>
      postgresWorkload(name, settings(level, all), new Rng(1)).checkers.map((c) => c.checker);
    expect(checkers('counter', 'read-committed')).toEqual([]);
    expect(checkers('counter', 'read-committed', true)).toEqual(['lost-update']);
    expect(checkers('counter', 'repeatable-read')).toEqual(['lost-update']);
    expect(checkers('bank', 'read-uncommitted')).toEqual([]);
    expect(checkers('bank', 'serializable')).toEqual(['bank']);
    expect(postgresWorkload('bank', settings('serializable'), new Rng(1)).checkers[0].options).toEqual({
      accounts: [0, 1, 2],
      initialBalance: 10,
      negativeBalances: false,
    });
    expect(checkers('set' as 'bank', 'read-committed')).toEqual(['set-full']);
  });

  it('read back every key a transactional workload touched, after the main phase', () => {
    const workload = postgresWorkload('list-append', settings('serializable'), new Rng(5));
    const history = simulate(phases(limit(300, workload.generator), workload.final!), {
      concurrency: 4,
      seed: 2,
      complete: (op) => ({ type: 'ok', value: (op.value as unknown[][]).map(([f, k, v]) => (f === 'r' ? [f, k, []] : [f, k, v])) }),
    });
    const invokes = history.filter((o) => o.type === 'invoke');
    const main = invokes.slice(0, 300).flatMap((o) => (o.value as [string, number][]).map(([, k]) => k));
    const final = invokes.slice(300);
    expect(final.length).toBeGreaterThan(0);
    const finalReads = final.flatMap((o) => o.value as [string, number, null][]);
    expect(finalReads.every(([f, , v]) => f === 'r' && v === null)).toBe(true);
    expect(new Set(finalReads.map(([, k]) => k))).toEqual(new Set(main));
    expect(Math.max(...final.map((o) => (o.value as unknown[]).length))).toBeLessThanOrEqual(32);
  });
});
