import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkLock } from './lock-checker.js';

describe('lock: what the protected resource shows', () => {
  it('is invalid when a write is accepted with a lower token than one accepted before it began', () => {
    const h = new HistoryBuilder();
    const high = h.call(1, 'write-resource', { value: 1, token: 9 }, undefined);
    const low = h.call(0, 'write-resource', { value: 2, token: 8 }, undefined);
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(false);
    expect(result.resource.fencingViolations).toEqual([{ lock: null, index: low, token: 8, value: 2, after: { index: high, token: 9 } }]);
  });

  it('does not order concurrent writes by token', () => {
    const h = new HistoryBuilder();
    h.invoke(1, 'write-resource', { value: 1, token: 9 });
    h.invoke(0, 'write-resource', { value: 2, token: 8 });
    h.ok(1);
    h.ok(0);
    expect(checkLock(h.build()).valid).toBe(true);
    // Writes the resource refused decide nothing either way.
    const refused = new HistoryBuilder();
    refused.invoke(0, 'write-resource', { value: 2, token: 8 });
    refused.fail(0, undefined, 'stale-token');
    expect(checkLock(refused.build()).valid).toBe('unknown');
  });

  it('counts writes rejected with stale-token and shows examples, as no violation', () => {
    const h = new HistoryBuilder();
    h.call(1, 'write-resource', { value: 1, token: 9 }, undefined);
    h.invoke(0, 'write-resource', { value: 1, token: 8 });
    const rejected = h.fail(0, undefined, 'stale-token');
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(true);
    expect(result.resource.staleTokenRejections).toEqual({ count: 1, examples: [{ lock: null, index: rejected, token: 8, value: 1 }] });
    expect(result.resource.writes).toMatchObject({ attempted: 2, accepted: 1, rejectedStale: 1 });
  });

  it('names two accepted writes of the same value as a lost update', () => {
    const h = new HistoryBuilder();
    const first = h.call(0, 'write-resource', { value: 1, token: null }, undefined, 'L');
    const second = h.call(1, 'write-resource', { value: 1, token: null }, undefined, 'L');
    h.call(0, 'read-resource', null, 1, 'L');
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(false);
    expect(result.resource.lostUpdates).toEqual([{ lock: 'L', value: 1, first, second }]);
  });

  it('names accepted writes the final read no longer shows', () => {
    const h = new HistoryBuilder();
    h.call(0, 'write-resource', { value: 1, token: 1 }, undefined);
    const gone = h.call(1, 'write-resource', { value: 2, token: 2 }, undefined);
    const final = h.call(0, 'read-resource', null, 1);
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(false);
    expect(result.resource.overwritten).toEqual([{ lock: null, index: gone, value: 2, finalValue: 1, finalReadIndex: final }]);
    expect(result.resource.finalReads).toEqual([{ lock: null, index: final, value: 1 }]);
  });
});
