import { describe, expect, it } from 'vitest';
import { postgresAvailable, readRun, runCli, usePostgresRunsDir } from './test-support/index.js';

// Durability with PostgreSQL's default settings: the server is killed with SIGKILL and
// restarted again and again, and every commit it acknowledged is still there afterwards.

const runsDir = usePostgresRunsDir();

describe.skipIf(!postgresAvailable)('kill -9 and restart of PostgreSQL', () => {
  it('loses no acknowledged insert, and the server comes back after a kill', async () => {
    const cwd = runsDir();
    const cli = await runCli(cwd, [
      'test',
      '--target',
      'postgres',
      '--workload',
      'set',
      '--nemesis',
      'kill',
      '--nemesis-interval',
      '2s',
      '--time-limit',
      '12',
      '--rate',
      '0',
      '--seed',
      '31',
    ]);
    const run = readRun(cwd);
    const nemesis = run.history.filter((o) => o.process === 'nemesis');
    const kills = nemesis.filter((o) => o.f === 'kill' && (o.value as { nodes: string[] }).nodes.includes('n1'));
    const restarts = nemesis.filter((o) => o.f === 'start' && (o.value as { nodes: string[] }).nodes.includes('n1'));
    expect(kills.length).toBeGreaterThanOrEqual(2);
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    // The server came back after the last restart: the final reads succeeded.
    const lastRestart = restarts[restarts.length - 1].index;
    expect(run.history.some((o) => o.index > lastRestart && o.f === 'read' && o.type === 'ok')).toBe(true);

    const verdict = run.results.checkers['set-full'];
    expect(verdict.outcomes.lost).toBe(0);
    expect(verdict.outcomes.ok).toBeGreaterThan(50);
    expect(verdict.valid).toBe(true);
    expect(cli.code).toBe(0);
    // While the server was down, operations failed to connect: certain failures, not unknowns.
    expect(run.history.some((o) => o.type === 'fail' && o.error?.startsWith('connect:'))).toBe(true);
  }, 240_000);

  it('keeps every acknowledged increment of a serializable counter', async () => {
    const cwd = runsDir();
    const cli = await runCli(cwd, [
      'test',
      '--target',
      'postgres',
      '--workload',
      'counter',
      '--isolation',
      'serializable',
      '--nemesis',
      'kill',
      '--nemesis-interval',
      '1s',
      '--time-limit',
      '8',
      '--rate',
      '0',
      '--seed',
      '32',
    ]);
    const verdict = readRun(cwd).results.checkers['lost-update'];
    expect(verdict).toMatchObject({ valid: true, lostUpdatePairCount: 0, lost: [] });
    expect(verdict.increments.acknowledged).toBeGreaterThan(10);
    expect(cli.code).toBe(0);
  }, 240_000);
});
