import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// A grant that reaches its client after the TTL (approximated with pauses: the reply waits in
// the stopped client's socket). The single-instance client takes the TTL from the reply and
// holds the lock next to the client that got it after the key expired; Redlock measures how
// long it waited and refuses a grant with no validity left.

const ready = await redisLockTestsCanRun();
// 24 s leaves room for several draws: a draw that catches no grant in flight (likelier on a
// loaded machine) records that it applied nothing, and the next draw tries again.
const args = ['--nemesis', 'net-delay', '--nemesis-interval', '3s', '--concurrency', '4', '--time-limit', '24', '--seed', '7'];

describe.skipIf(!ready)('a grant delayed past the TTL', () => {
  const tempDir = useTempDir();

  it('makes the single-instance client a second holder', async () => {
    const run = await runLockTest(tempDir(), [...args, '--lock', 'single']);
    const why = summary(run);
    expect(run.lock.violationCount, why).toBeGreaterThan(0);
    const delayed = run.faults.filter((f) => f.f === 'pause' && (f.value as { nodes: string[] }).nodes.length === 1);
    expect(delayed.length, why).toBeGreaterThan(0);
    expect(delayed.every((f) => (f.value as { point: string }).point === 'grant-delayed')).toBe(true);
  }, 240_000);

  it('is refused by the redlock package, which subtracts the time it waited', async () => {
    const run = await runLockTest(tempDir(), [...args, '--lock', 'redlock-npm']);
    const why = summary(run);
    expect(run.lock.violationCount, why).toBe(0);
    expect(run.lock.valid, why).not.toBe(false);
    expect(
      run.faults.some((f) => f.f === 'pause' && (f.value as { nodes: string[] }).nodes.length === 1),
      why,
    ).toBe(true);
  }, 240_000);
});
