import { describe, expect, it } from 'vitest';
import { PgConnection } from './connection.js';
import { postgresAvailable, readRun, runCli, trackPrivateServers, usePostgresRunsDir } from './test-support/index.js';

// Auditing a database that already runs: faultline starts no server, creates its tables under
// a prefix it names in test.json and harness.log, and drops exactly those afterwards.

const runsDir = usePostgresRunsDir();
const startServer = trackPrivateServers();

async function tableNames(server: Awaited<ReturnType<typeof startServer>>): Promise<string[]> {
  const connection = await PgConnection.open(server.endpoint, { connectTimeoutMs: 5_000 });
  try {
    const rows = await connection.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    return rows.map((r) => r.tablename);
  } finally {
    await connection.close();
  }
}

describe.skipIf(!postgresAvailable)('--pg-url', () => {
  it('runs against the database, then drops its own tables and no others', async () => {
    const server = await startServer(runsDir());
    const setup = await PgConnection.open(server.endpoint, { connectTimeoutMs: 5_000 });
    await setup.query('CREATE TABLE someone_elses (v integer)');
    await setup.close();

    const cwd = runsDir();
    const cli = await runCli(cwd, [
      'test',
      '--target',
      'postgres',
      '--pg-url',
      server.url,
      '--workload',
      'bank',
      '--isolation',
      'serializable',
      '--pg-setting',
      'work_mem=8MB',
      '--time-limit',
      '3',
      '--rate',
      '0',
    ]);
    const run = readRun(cwd);
    expect(run.test.config.nodes).toBe(0);
    const prefix = run.test.config.targetOptions.tablePrefix as string;
    expect(run.log).toContain(`created table ${prefix}bank`);
    expect(run.log).toContain(`dropped table ${prefix}bank`);
    expect(run.results.checkers.bank).toMatchObject({ valid: true, badReadCount: 0 });
    expect(run.history.find((o) => o.type === 'ok')?.node).toBe(`${server.node.host}:${server.node.port}`);
    expect(cli.code).toBe(0);
    expect(await tableNames(server)).toEqual(['someone_elses']);
  }, 240_000);

  it('refuses faults, which need a server faultline started, and still drops its tables', async () => {
    const server = await startServer(runsDir());
    const cli = await runCli(runsDir(), ['test', '--target', 'postgres', '--pg-url', server.url, '--nemesis', 'kill', '--time-limit', '1']);
    expect(cli.code).toBe(254);
    expect(cli.err).toMatch(/nemesis: .* faults \(kill\) cannot reach it/);
    expect(await tableNames(server)).toEqual([]);
  }, 240_000);

  it('says which database did not answer', async () => {
    const cli = await runCli(runsDir(), ['test', '--target', 'postgres', '--pg-url', 'postgres://postgres@127.0.0.1:1/postgres', '--time-limit', '1']);
    expect(cli.code).toBe(255);
    expect(cli.err).toMatch(
      /the database at 127\.0\.0\.1:1 accepting a connection and SELECT 1: not ready within 10000 ms \(\d+ attempts?; last: .*ECONNREFUSED/,
    );
  }, 60_000);
});
