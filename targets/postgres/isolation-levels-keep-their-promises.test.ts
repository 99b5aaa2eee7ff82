import { describe, expect, it } from 'vitest';
import { postgresAvailable, readRun, runCli, usePostgresRunsDir } from './test-support/index.js';

// A real PostgreSQL at each isolation level, list-append with hot keys: every level keeps what
// it promises, and the extra check against serializable shows what each one lets through.

const runsDir = usePostgresRunsDir();

async function listAppendAt(level: string, seed: number) {
  const cwd = runsDir();
  const cli = await runCli(cwd, [
    'test',
    '--target',
    'postgres',
    '--workload',
    'list-append',
    '--isolation',
    level,
    '--pg-all-anomalies',
    '--time-limit',
    '8',
    '--rate',
    '0',
    '--seed',
    String(seed),
  ]);
  const run = readRun(cwd);
  const promised = run.results.checkers['list-append'];
  const everything = run.results.checkers['list-append-vs-serializable'] ?? promised;
  return { cli, run, promised, found: everything.anomalyTypes as string[], committed: everything.stats.ok as number };
}

describe.skipIf(!postgresAvailable)('PostgreSQL isolation levels against list-append', () => {
  it('read committed keeps read committed and lets read skew and lost updates through', async () => {
    const { cli, promised, found, committed, run } = await listAppendAt('read-committed', 11);
    expect(run.test.config.targetOptions).toMatchObject({ isolation: 'read-committed' });
    expect(promised.consistencyModels).toEqual(['read-committed']);
    expect(promised.valid).toBe(true);
    expect(committed).toBeGreaterThan(100);
    expect(found).toEqual(expect.arrayContaining(['G-single', 'lost-update']));
    expect(found.filter((a) => /^G0|^G1/.test(a))).toEqual([]);
    // The run is invalid as a whole: it was also checked against serializable, which it is not.
    expect(cli.code).toBe(1);
  }, 240_000);

  it('read uncommitted behaves as read committed: no dirty reads', async () => {
    const { promised, found } = await listAppendAt('read-uncommitted', 12);
    expect(promised.consistencyModels).toEqual(['read-committed']);
    expect(promised.valid).toBe(true);
    expect(found.filter((a) => /^G0|^G1/.test(a))).toEqual([]);
  }, 240_000);

  it('repeatable read keeps snapshot isolation: write skew, but no read skew and no lost update', async () => {
    const { promised, found, committed } = await listAppendAt('repeatable-read', 13);
    expect(promised.consistencyModels).toEqual(['snapshot-isolation']);
    expect(promised.valid).toBe(true);
    expect(committed).toBeGreaterThan(100);
    expect(found).toContain('G2-item');
    expect(found).not.toContain('G-single');
    expect(found).not.toContain('lost-update');
  }, 240_000);

  it('serializable is serializable, and the run exits 0', async () => {
    const { cli, promised, found, committed, run } = await listAppendAt('serializable', 14);
    expect(promised.consistencyModels).toEqual(['serializable']);
    expect(promised.valid).toBe(true);
    expect(found).toEqual([]);
    expect(committed).toBeGreaterThan(100);
    // Conflicts abort as serialization failures, which are certain failures, never unknown.
    const failures = run.history.filter((o) => o.type === 'fail');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((o) => /^(40001|40P01)/.test(o.error ?? ''))).toBe(true);
    expect(run.history.filter((o) => o.type === 'info')).toEqual([]);
    expect(cli.code).toBe(0);
  }, 240_000);
});
