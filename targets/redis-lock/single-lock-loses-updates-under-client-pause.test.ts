import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// Kleppmann's argument, run for real: a holder of the single-instance lock stops (SIGSTOP) for
// longer than the TTL. Caught after reading the resource, it writes what it read once it wakes,
// over the updates of the holders that came meanwhile; caught while its grant was on the way,
// it takes the TTL as its lease from the late reply and holds the lock next to another holder.

const ready = await redisLockTestsCanRun();

describe.skipIf(!ready)('the single-instance lock without fencing, under client pauses', () => {
  const tempDir = useTempDir();

  it('loses updates to the resource, and the checker reports the overlapping holders', async () => {
    const run = await runLockTest(tempDir(), [
      '--lock',
      'single',
      '--nemesis',
      'client-pause',
      '--nemesis-interval',
      '3s',
      '--hold-ms',
      '200',
      '--concurrency',
      '4',
      '--time-limit',
      '30',
      '--seed',
      '2',
    ]);
    const why = summary(run);
    expect(run.lock.valid, why).toBe(false);
    expect(run.code, why).toBe(1);
    expect(run.lock.resource.lostUpdates.length, why).toBeGreaterThan(0);
    expect(run.lock.violationCount, why).toBeGreaterThan(0);
    const overlap = run.lock.violations[0];
    expect(overlap.first.process).not.toBe(overlap.second.process);
    expect(overlap.to).toBeGreaterThan(overlap.from);

    // Each pause is a nemesis info event naming the stopped client, undone pauseMs later.
    // A pause whose moment never came (the run ended first) stops no one and says so in a note.
    const pauses = run.faults.filter((f) => f.f === 'pause' && (f.value as { nodes: string[] }).nodes.length > 0);
    expect(
      run.faults.every((f) => f.type === 'info' && f.error === undefined),
      why,
    ).toBe(true);
    expect(
      pauses.map((p) => (p.value as { point: string }).point),
      why,
    ).toEqual(expect.arrayContaining(['after-read', 'grant-delayed']));
    for (const p of pauses) expect((p.value as { nodes: string[] }).nodes).toEqual([expect.stringMatching(/^c\d$/)]);
    expect(run.faults[run.faults.length - 1].f).toBe('resume');

    // results.json carries every holding, for the report's timeline.
    expect(run.lock.intervals.filter((i) => i.kind === 'certain').length).toBe(run.lock.acquires.ok);
  }, 240_000);
});
