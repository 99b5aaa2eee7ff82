import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { checkSetFull } from './set-full.js';

describe('set-full: unexpected elements', () => {
  it('is invalid when a read sees an element nobody added', () => {
    const h = new HistoryBuilder();
    const read = h.call(1, 'read', null, [9]);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(false);
    expect(result.unexpected).toEqual([{ element: 9, addIndex: null, ackIndex: null, firstSeenIndex: read, why: 'never-added' }]);
  });

  it('is invalid when a read sees an element whose add failed', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 9);
    h.fail(0);
    h.call(1, 'read', null, [9]);
    expect(checkSetFull(h.build()).unexpected).toMatchObject([{ element: 9, why: 'add-failed' }]);
  });

  it('is invalid when a read finished before the add began', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, [9]);
    h.call(0, 'add', 9, undefined);
    expect(checkSetFull(h.build()).unexpected).toMatchObject([{ element: 9, why: 'read-before-add' }]);
  });
});
