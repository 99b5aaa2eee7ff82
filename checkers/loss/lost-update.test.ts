import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkLostUpdate } from './lost-update.js';

describe('lost-update: read-modify-write increments', () => {
  it('is valid when every acknowledged increment shows in the final read', () => {
    const h = new HistoryBuilder();
    h.call(0, 'increment', null, [0, 1]);
    h.call(1, 'increment', null, [1, 2]);
    h.invoke(2, 'increment', null);
    h.fail(2, null);
    h.call(0, 'read', null, 2);
    const result = decided(checkLostUpdate(h.build()));
    expect(result.valid).toBe(true);
    expect(result.increments).toEqual({ attempted: 3, acknowledged: 2, failed: 1, unknown: 0 });
  });

  it('names two acknowledged increments that read the same value as a lost-update pair', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'increment', null);
    h.invoke(1, 'increment', null);
    const first = h.ok(0, [3, 4]);
    const second = h.ok(1, [3, 4]);
    const final = h.call(0, 'read', null, 4);
    const result = decided(checkLostUpdate(h.build(), { initial: 3 }));
    expect(result.valid).toBe(false);
    expect(result.lostUpdatePairs).toEqual([{ read: 3, first: { index: first, wrote: 4 }, second: { index: second, wrote: 4 } }]);
    expect(result.lost).toEqual([{ readIndex: final, value: 4, expectedAtLeast: 5, missing: 1, overwritten: [] }]);
  });

  it('names acknowledged increments whose written value the final read no longer shows', () => {
    const h = new HistoryBuilder();
    h.call(0, 'increment', null, [0, 1], 'k');
    const gone = h.call(0, 'increment', null, [1, 2], 'k');
    h.call(1, 'read', null, 1, 'k');
    const result = decided(checkLostUpdate(h.build()));
    expect(result.valid).toBe(false);
    expect(result.lost).toMatchObject([{ key: 'k', missing: 1, overwritten: [{ index: gone, read: 1, wrote: 2 }] }]);
  });

  it('is unknown, not valid, when a key has acknowledged increments but no final read', () => {
    const h = new HistoryBuilder();
    h.call(0, 'increment', null, [0, 1]);
    const result = checkLostUpdate(h.build());
    expect(result.valid).toBe('unknown');
    expect(result).toMatchObject({ reason: '1 keys have acknowledged increments but no ok final read', keysWithoutFinalRead: [null] });
  });

  it('rejects an increment result that is not [read, wrote]', () => {
    const h = new HistoryBuilder();
    h.call(0, 'increment', null, 5);
    expect(() => checkLostUpdate(h.build())).toThrow(/lost-update: ok increment at index 1 must be \[read, wrote\]/);
  });
});
