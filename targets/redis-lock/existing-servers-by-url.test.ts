import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli.js';
import { captureIo } from '../../harness/test-support/capture-io.js';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisFixture, redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// Servers that already run, given by URL: the run starts no nodes, its lock clients run in the
// harness, and it uses a key of its own, leaving the server's other keys alone.

const ready = await redisLockTestsCanRun();

describe.skipIf(!ready)('a lock on servers given by --redis-url', () => {
  const tempDir = useTempDir();
  const redis = redisFixture();

  it('runs without nodes and finds the lock sound', async () => {
    const { servers, admin } = await redis.start(1);
    await admin.call(servers[0], 'SET', 'someone-elses-key', 'kept');
    const url = `redis://${servers[0].host}:${servers[0].port}`;
    const run = await runLockTest(tempDir(), [
      '--redis-url',
      url,
      '--nemesis',
      'none',
      '--hold-ms',
      '50',
      '--concurrency',
      '3',
      '--time-limit',
      '5',
      '--seed',
      '3',
    ]);
    const why = summary(run);
    expect(run.lock.valid, why).toBe(true);
    const nodes = join(run.runDir, 'nodes');
    expect(existsSync(nodes) ? readdirSync(nodes) : [], why).toEqual([]);
    expect(run.history.find((o) => o.f === 'acquire' && o.type === 'ok')?.node).toBe('harness');
    expect(await admin.call(servers[0], 'GET', 'someone-elses-key')).toBe('kept');
  }, 120_000);

  it('refuses faults, which cannot reach servers it does not run', async () => {
    const { servers } = await redis.start(1);
    const io = captureIo(tempDir());
    const code = await main(
      ['test', '--target', 'redis-lock', '--redis-url', `redis://${servers[0].host}:${servers[0].port}`, '--nemesis', 'client-pause', '--time-limit', '2'],
      io,
    );
    expect(code).toBe(254);
    expect(io.err()).toMatch(/faults \(client-pause\) cannot reach it/);
  }, 60_000);
});
