import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../harness/test-support/temp-dir.js';
import { redisLockTestsCanRun, runLockTest, summary } from './test-support/index.js';

// The same pauses with fencing tokens: every grant takes the next token (INCR in the acquire
// script) and the resource refuses accesses with a token older than one it has seen. The
// paused holder's late write is refused; no update is lost, although the lock itself still
// let two clients believe they held it (a delayed grant), which the checker reports as such.

const ready = await redisLockTestsCanRun();

describe.skipIf(!ready)('the single-instance lock with fencing tokens, under client pauses', () => {
  const tempDir = useTempDir();

  it('keeps the resource intact: stale writes are rejected, no update is lost', async () => {
    const run = await runLockTest(tempDir(), [
      '--lock',
      'single',
      '--fencing',
      '--nemesis',
      'client-pause',
      '--nemesis-interval',
      '3s',
      '--hold-ms',
      '200',
      '--concurrency',
      '4',
      '--time-limit',
      '22',
      '--seed',
      '2',
    ]);
    const why = summary(run);
    const resource = run.lock.resource;
    expect(resource.staleTokenRejections.count, why).toBeGreaterThan(0);
    expect(resource.writes.rejectedStale, why).toBeGreaterThan(0);
    expect(resource.lostUpdates, why).toEqual([]);
    expect(resource.overwritten, why).toEqual([]);
    expect(resource.fencingViolations, why).toEqual([]);
    expect(resource.finalReads).toHaveLength(1);
    // Every accepted write counted once; a write whose outcome is unknown may have counted too.
    expect(resource.finalReads[0].value, why).toBeGreaterThanOrEqual(resource.writes.accepted);
    expect(resource.finalReads[0].value, why).toBeLessThanOrEqual(resource.writes.accepted + resource.writes.unknown);

    // Every grant has a token of its own (a delayed grant's reply arrives after later ones).
    const tokens = run.history.filter((o) => o.f === 'acquire' && o.type === 'ok').map((o) => (o.value as { token: number }).token);
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.every((t) => Number.isInteger(t) && t > 0)).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
  }, 240_000);
});
