import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, readRun, runCli, usePostgresRunsDir } from './test-support/index.js';

// --pg-setting goes on the private server's command line, after faultline's own settings, so
// that settings only a server start can change (fsync) work, and the user's value wins.

const runsDir = usePostgresRunsDir();

describe.skipIf(!postgresAvailable)('--pg-setting on a private server', () => {
  it('starts the server with the setting, even one no session may change', async () => {
    const cwd = runsDir();
    const cli = await runCli(cwd, [
      'test',
      '--target',
      'postgres',
      '--workload',
      'set',
      '--pg-setting',
      'fsync=off',
      '--pg-setting',
      'deadlock_timeout=250ms',
      '--time-limit',
      '2',
      '--rate',
      '0',
    ]);
    const run = readRun(cwd);
    expect(cli.code).toBe(0);
    expect(run.test.config.targetOptions.pgSetting).toEqual(['fsync=off', 'deadlock_timeout=250ms']);
    const log = readFileSync(join(run.dir, 'nodes', 'n1.log'), 'utf8');
    const start = log.indexOf('bin/postgres -D');
    const args = log.slice(start, log.indexOf('\n', start));
    expect(args).toMatch(/-c deadlock_timeout=20ms .*-c fsync=off -c deadlock_timeout=250ms/);
  }, 240_000);

  it('a setting that breaks setup fails the run, and the server still leaves nothing behind', async () => {
    const cwd = runsDir();
    const cli = await runCli(cwd, ['test', '--target', 'postgres', '--pg-setting', 'default_transaction_read_only=on', '--time-limit', '2']);
    expect(cli.code).toBe(255);
    expect(cli.err).toMatch(/cannot execute CREATE TABLE in a read-only transaction/);
    // The runs folder's own check (afterEach) finds no server process and no shared memory left.
  }, 240_000);
});
