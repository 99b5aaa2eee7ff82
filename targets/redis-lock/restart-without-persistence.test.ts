import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// A lock server that crashes and restarts at once: without persistence it comes back empty and
// grants the lock again while its holder's lease runs on; with an append-only file (fsynced every
// second, Redis's default) a process crash loses nothing and the lock holds.

const ready = await redisLockTestsCanRun();
const args = ['--lock', 'single', '--nemesis', 'restart', '--nemesis-interval', '3s', '--concurrency', '4', '--time-limit', '15', '--seed', '5'];

describe.skipIf(!ready)('restarting the single lock server', () => {
  const tempDir = useTempDir();

  it('without persistence, admits a second holder', async () => {
    const run = await runLockTest(tempDir(), [...args, '--redis-persistence', 'none']);
    const why = summary(run);
    expect(run.lock.valid, why).toBe(false);
    expect(run.lock.violationCount, why).toBeGreaterThan(0);
    const kills = run.faults.filter((f) => f.f === 'kill');
    expect(kills.length, why).toBeGreaterThan(0);
    expect(kills.every((k) => (k.value as { nodes: string[] }).nodes[0] === 'r1')).toBe(true);
    // Each kill is followed by its restart.
    expect(run.faults.filter((f) => f.f === 'start' && (f.value as { nodes: string[] }).nodes.length > 0)).toHaveLength(kills.length);
  }, 240_000);

  it('with an append-only file, keeps mutual exclusion', async () => {
    const run = await runLockTest(tempDir(), [...args, '--redis-persistence', 'aof']);
    const why = summary(run);
    expect(run.lock.valid, why).not.toBe(false);
    expect(run.lock.violationCount, why).toBe(0);
    expect(run.faults.filter((f) => f.f === 'kill').length, why).toBeGreaterThan(0);
  }, 240_000);
});
