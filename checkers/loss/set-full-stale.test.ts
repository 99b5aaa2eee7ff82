import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { checkSetFull } from './set-full.js';

function staleHistory() {
  const h = new HistoryBuilder();
  h.call(0, 'add', 1, undefined);
  const staleRead = h.call(1, 'read', null, []);
  h.call(1, 'read', null, [1]);
  return { history: h.build(), staleRead };
}

describe('set-full: stale reads', () => {
  it('reports an acknowledged element missed and then seen again as stale, and stays valid by default', () => {
    const { history, staleRead } = staleHistory();
    const result = checkSetFull(history);
    expect(result.valid).toBe(true);
    expect(result.outcomes).toMatchObject({ stale: 1, lost: 0 });
    expect(result.staleReads).toBe(1);
    expect(result.stale).toEqual([{ element: 1, addIndex: 0, ackIndex: 1, staleReads: 1, firstStaleReadIndex: staleRead }]);
  });

  it('is invalid for stale reads when the linearizable option is set', () => {
    const { history } = staleHistory();
    expect(checkSetFull(history, { linearizable: true }).valid).toBe(false);
  });

  it('counts a miss after another read had already seen the element as stale, even before the add is acknowledged', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 7);
    h.call(1, 'read', null, [7]);
    const staleRead = h.call(2, 'read', null, []);
    h.ok(0);
    h.call(2, 'read', null, [7]);
    const result = checkSetFull(h.build(), { linearizable: true });
    expect(result.valid).toBe(false);
    expect(result.stale).toMatchObject([{ element: 7, firstStaleReadIndex: staleRead }]);
  });

  it('does not call a miss stale when the read overlapped the read that first saw the element', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 7);
    h.invoke(1, 'read', null);
    h.invoke(2, 'read', null);
    h.ok(1, [7]);
    h.ok(2, []);
    h.ok(0);
    h.call(2, 'read', null, [7]);
    const result = checkSetFull(h.build(), { linearizable: true });
    expect(result.valid).toBe(true);
    expect(result.outcomes).toMatchObject({ ok: 1, stale: 0 });
  });
});
