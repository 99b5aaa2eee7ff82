import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// Without faults every lock keeps mutual exclusion. The workload keeps acquires and releases
// apart in time (isolateReleases), so the checker can order every grant against every release
// and says valid rather than unknown.

const ready = await redisLockTestsCanRun();

describe.skipIf(!ready)('each lock without faults', () => {
  const tempDir = useTempDir();

  it.each(['single', 'redlock', 'redlock-npm'])(
    '%s: no violation, the run is valid',
    async (lock) => {
      const run = await runLockTest(tempDir(), [
        '--lock',
        lock,
        '--nemesis',
        'none',
        '--hold-ms',
        '100',
        '--concurrency',
        '4',
        '--time-limit',
        '8',
        '--seed',
        '1',
      ]);
      const why = summary(run);
      expect(run.lock.valid, why).toBe(true);
      expect(run.code, why).toBe(0);
      expect(run.lock.acquires.ok, why).toBeGreaterThan(5);
      expect(run.lock.resource.finalReads[0].value, why).toBe(run.lock.resource.writes.accepted);
    },
    120_000,
  );
});
