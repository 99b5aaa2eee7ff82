import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// Replication is asynchronous: a grant the replica never saw is lost when the primary dies and
// the replica takes over, and the next client gets the lock its holder still counts on.

const ready = await redisLockTestsCanRun();

describe.skipIf(!ready)('failing over from the primary to its replica', () => {
  const tempDir = useTempDir();

  it('loses an unreplicated grant: the checker reports two holders or, at least, cannot vouch for the lock', async () => {
    const run = await runLockTest(tempDir(), [
      '--lock',
      'single',
      '--redis-replicas',
      '1',
      '--nemesis',
      'failover',
      '--nemesis-interval',
      '4s',
      '--concurrency',
      '4',
      '--time-limit',
      '20',
      '--seed',
      '6',
    ]);
    const why = summary(run);
    expect(run.lock.valid, why).not.toBe(true);
    expect(run.lock.violationCount + run.lock.ambiguousCount, why).toBeGreaterThan(0);
    const failovers = run.faults.filter((f) => f.f === 'kill');
    expect(failovers.length, why).toBeGreaterThan(0);
    const first = failovers[0].value as { nodes: string[]; promoted: string; unreplicated: boolean };
    expect(first).toMatchObject({ nodes: ['r1'], promoted: 'r2', unreplicated: true });
    // The old primary comes back as a replica of the new one.
    expect(run.faults.find((f) => f.f === 'start')?.value).toMatchObject({ nodes: ['r1'], primary: 'r2' });
  }, 240_000);
});
