import { describe, expect, it } from 'vitest';
import { postgresAvailable, readRun, runCli, usePostgresRunsDir } from './test-support/index.js';

// The read-modify-write workloads: below repeatable read, increments overwrite each other and
// money appears or vanishes; at repeatable read the conflicts abort instead.

const runsDir = usePostgresRunsDir();

async function run(workload: 'counter' | 'bank', level: string, extra: string[] = []) {
  const cwd = runsDir();
  const cli = await runCli(cwd, [
    'test',
    '--target',
    'postgres',
    '--workload',
    workload,
    '--isolation',
    level,
    '--time-limit',
    '4',
    '--rate',
    '0',
    '--seed',
    '21',
    ...extra,
  ]);
  return { cli, run: readRun(cwd) };
}

describe.skipIf(!postgresAvailable)('counter and bank against PostgreSQL', () => {
  it('read committed loses updates: two increments read the same value and both commit', async () => {
    const { cli, run: r } = await run('counter', 'read-committed', ['--pg-all-anomalies']);
    const verdict = r.results.checkers['lost-update'];
    expect(verdict.valid).toBe(false);
    expect(verdict.lostUpdatePairCount).toBeGreaterThan(0);
    expect(cli.code).toBe(1);
  }, 240_000);

  it('read committed promises nothing about lost updates, so without --pg-all-anomalies the counter run only counts', async () => {
    const { cli, run: r } = await run('counter', 'read-committed');
    expect(Object.keys(r.results.checkers)).toEqual(['stats']);
    expect(r.log).toMatch(/isolation read-committed/);
    expect(cli.code).toBe(0);
  }, 240_000);

  it('repeatable read loses no update: the second writer fails with a serialization failure', async () => {
    const { cli, run: r } = await run('counter', 'repeatable-read');
    const verdict = r.results.checkers['lost-update'];
    expect(verdict.valid).toBe(true);
    expect(verdict.increments.acknowledged).toBeGreaterThan(20);
    expect(r.history.some((o) => o.type === 'fail' && o.error?.startsWith('40001'))).toBe(true);
    expect(cli.code).toBe(0);
  }, 240_000);

  it('read committed breaks the bank’s totals; repeatable read keeps them', async () => {
    const rc = await run('bank', 'read-committed', ['--pg-all-anomalies']);
    expect(rc.run.results.checkers.bank.badReads[0].problems.map((p: { kind: string }) => p.kind)).toContain('wrong-total');
    const rr = await run('bank', 'repeatable-read');
    expect(rr.run.results.checkers.bank).toMatchObject({ valid: true, badReadCount: 0 });
    expect(rr.run.results.checkers.bank.banks[0].finalState).toBe('reflected');
    expect(rr.cli.code).toBe(0);
  }, 240_000);
});
