import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkLock } from './lock-checker.js';

const grant = (token: number | null, validityMs: number | null = 10_000) => ({ token, validityMs });

describe('lock: holders that overlap', () => {
  it('is invalid when two processes certainly held the lock at once, naming both with times and indices', () => {
    const h = new HistoryBuilder();
    const a = h.invoke(0, 'acquire');
    h.ok(0, grant(1)); // t = 2 ms
    const b = h.invoke(1, 'acquire');
    h.ok(1, grant(2)); // t = 4 ms: process 0 has not begun to release
    const releaseA = h.invoke(0, 'release', { token: 1 }); // t = 5 ms
    h.ok(0, true);
    h.call(1, 'release', { token: 2 }, true);
    const result = decided(checkLock(h.build()));

    expect(result.valid).toBe(false);
    expect(result.violationCount).toBe(1);
    const [v] = result.violations;
    expect(v.first).toMatchObject({ process: 0, kind: 'certain', start: 2e6, end: 5e6, acquireIndex: a, releaseIndex: releaseA, token: 1 });
    expect(v.second).toMatchObject({ process: 1, kind: 'certain', start: 4e6, acquireIndex: b, token: 2 });
    expect(v).toMatchObject({ lock: null, from: 4e6, to: 5e6 });
  });

  it('is valid when even the widest intervals are disjoint, and reports every interval', () => {
    const h = new HistoryBuilder();
    h.call(0, 'acquire', null, grant(1));
    h.call(0, 'release', { token: 1 }, true);
    h.call(1, 'acquire', null, grant(2));
    h.call(1, 'release', { token: 2 }, true);
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(true);
    expect(result.acquires).toEqual({ attempted: 2, ok: 2, fail: 0, unknown: 0 });
    expect(result.intervals.map((i) => [i.process, i.kind, i.start / 1e6, i.end / 1e6, i.endedBy])).toEqual([
      [0, 'certain', 2, 3, 'release'],
      [0, 'widest', 1, 4, 'release'],
      [1, 'certain', 6, 7, 'release'],
      [1, 'widest', 5, 8, 'release'],
    ]);
  });

  it('is valid when widest intervals overlap but a release in flight orders them, as in Knossos’s mutex model', () => {
    const h = new HistoryBuilder();
    h.call(0, 'acquire', null, grant(1));
    h.invoke(0, 'release', { token: 1 }); // t = 3 ms
    h.invoke(1, 'acquire'); // t = 4 ms: asked while the release was in flight
    h.ok(0, true); // t = 5 ms
    h.ok(1, grant(2)); // t = 6 ms
    const result = decided(checkLock(h.build()));
    // The release took effect at 3 ms, the grant at 6 ms: one holder at a time.
    expect(result).toMatchObject({ valid: true, violationCount: 0, ambiguousCount: 0, explainedCount: 1 });
  });

  it('is unknown when the earlier hold ended at its lease and the next grant came while the lock might still have held it', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'acquire'); // t = 1 ms: the lock may have started the lease here
    h.advance(3);
    h.ok(0, grant(1, 5)); // t = 5 ms: the client counts its 5 ms from here, to 10 ms
    h.invoke(1, 'acquire'); // t = 6 ms
    h.advance(6);
    h.ok(1, grant(2)); // t = 13 ms, after the client's lease ended
    const result = checkLock(h.build());
    expect(result.valid).toBe('unknown');
    expect(result).toMatchObject({ violationCount: 0, ambiguousCount: 1 });
    expect(result.ambiguous?.[0]).toMatchObject({ first: { process: 0, kind: 'widest', endedBy: 'lease' }, second: { process: 1, kind: 'widest' } });
    expect((result as { reason: string }).reason).toMatch(/1 pairs of holders may have overlapped: .* ended at its lease/);
  });

  it('ends a hold at the lease, so a later holder after an expiry is no violation', () => {
    const h = new HistoryBuilder();
    h.call(0, 'acquire', null, grant(1, 5)); // granted at 2 ms, lease until 7 ms
    h.advance(20);
    h.call(1, 'acquire', null, grant(2)); // 22 ms
    h.call(0, 'release', { token: 1 }, false);
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(true);
    expect(result.intervals[0]).toMatchObject({ process: 0, kind: 'certain', start: 2e6, end: 7e6, endedBy: 'lease', releaseIndex: null });
  });

  it('keeps a hold open through a failed release until its lease ends', () => {
    const h = new HistoryBuilder();
    h.call(0, 'acquire', null, grant(1, 50)); // granted at 2 ms, lease until 52 ms
    h.invoke(0, 'release', { token: 1 });
    h.fail(0, false, 'connection refused'); // certainly not released
    h.call(1, 'acquire', null, grant(2)); // 6 ms: only safe if the lock was not still held
    const result = decided(checkLock(h.build()));
    // A failed release never happened (Knossos's mutex model too): the lock granted a held lock.
    expect(result).toMatchObject({ valid: false, violationCount: 1 });
    expect(result.intervals.slice(0, 2)).toMatchObject([
      { process: 0, kind: 'certain', end: 52e6, endedBy: 'lease' },
      { process: 0, kind: 'widest', end: 52e6, endedBy: 'lease' },
    ]);
  });

  it('bounds an acquire with an unknown outcome by the validityMs option', () => {
    const h = new HistoryBuilder();
    h.invoke(2, 'acquire');
    h.info(2, null, 'timeout'); // may have been granted at 1 ms
    h.advance(100);
    h.call(3, 'acquire', null, grant(5)); // 102 ms
    expect(checkLock(h.build(), { validityMs: 50 }).valid).toBe(true);
    // Without a bound the acquire may still hold the lock; it may also never have taken effect,
    // which explains the later grant (an unknown outcome is no evidence of a second holder).
    expect(decided(checkLock(h.build()))).toMatchObject({ valid: true, ambiguousCount: 0, explainedCount: 1 });
    expect(decided(checkLock(h.build(), { validityMs: 50 })).intervals[0]).toMatchObject({
      process: 2,
      kind: 'widest',
      start: 1e6,
      end: 51e6,
      endedBy: 'lease',
    });
  });

  it('checks each lock name on its own', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'acquire', null, 'a');
    h.invoke(1, 'acquire', null, 'b');
    h.ok(0, grant(1));
    h.ok(1, grant(1));
    const result = decided(checkLock(h.build()));
    expect(result).toMatchObject({ valid: true, locks: 2 });
  });

  it('counts every violation but lists at most `limit`, marking the result truncated', () => {
    const h = new HistoryBuilder();
    for (const p of [0, 1, 2]) h.call(p, 'acquire', null, grant(p));
    const result = decided(checkLock(h.build(), { limit: 1 }));
    expect(result).toMatchObject({ valid: false, violationCount: 3, truncated: true });
    expect(result.violations).toHaveLength(1);
  });
});
