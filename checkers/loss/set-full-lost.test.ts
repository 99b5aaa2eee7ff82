import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { checkSetFull } from './set-full.js';

describe('set-full: lost elements', () => {
  it('is invalid when an acknowledged element is missing from every later read, naming the add and the reads', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 1);
    const ack1 = h.ok(0);
    h.invoke(0, 'add', 2);
    const ack2 = h.ok(0);
    const seen = h.call(1, 'read', null, [1, 2]);
    const miss1 = h.call(1, 'read', null, [1]);
    const miss2 = h.call(2, 'read', null, [1]);
    const result = checkSetFull(h.build());

    expect(result.valid).toBe(false);
    expect(result.outcomes).toMatchObject({ ok: 1, lost: 1 });
    expect(result.lost).toEqual([{ element: 2, addIndex: 2, ackIndex: ack2, lastSeenIndex: seen, missedBy: [miss1, miss2], missedByCount: 2 }]);
    expect(ack1).toBe(1);
  });

  it('calls an acknowledged element that no read ever saw lost, when reads began after the acknowledgement', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 'x', undefined);
    const miss = h.call(1, 'read', null, []);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(false);
    expect(result.lost).toMatchObject([{ element: 'x', addIndex: 0, ackIndex: 1, lastSeenIndex: null, missedBy: [miss], missedByCount: 1 }]);
  });

  it('calls an element with an unknown add lost once reads saw it and then stopped seeing it', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 5);
    h.info(0, undefined, 'timeout');
    const seen = h.call(1, 'read', null, [5]);
    const miss = h.call(1, 'read', null, []);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(false);
    expect(result.lost).toMatchObject([{ element: 5, addIndex: 0, ackIndex: null, lastSeenIndex: seen, missedBy: [miss] }]);
  });

  it('does not count a read that began before the acknowledgement as a miss', () => {
    const h = new HistoryBuilder();
    h.invoke(1, 'read', null);
    h.invoke(0, 'add', 1);
    h.ok(0);
    h.ok(1, []);
    const result = checkSetFull(h.build());
    // Nor as a sighting: no element was ever seen stable, so nothing is decided either way.
    expect(result.valid).toBe('unknown');
    expect(result.outcomes).toMatchObject({ 'never-read': 1, lost: 0 });
  });
});
