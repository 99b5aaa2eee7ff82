import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { checkSetFull } from './set-full.js';

describe('set-full: never-read, recovered, indeterminate, failed and ok elements', () => {
  it('calls an acknowledged element never-read when no read began after its acknowledgement', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, []);
    h.call(0, 'add', 3, undefined);
    const result = checkSetFull(h.build());
    // As in Jepsen's set-full: with no element seen stable there is nothing to decide.
    expect(result.valid).toBe('unknown');
    expect(result.neverRead).toEqual([{ element: 3, addIndex: 2, ackIndex: 3 }]);
  });

  it('calls an element whose add timed out but which reads saw recovered', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 4);
    h.info(0, undefined, 'timeout');
    h.call(1, 'read', null, [4]);
    h.call(1, 'read', null, [4]);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(true);
    expect(result.recovered).toEqual([{ element: 4, addIndex: 0, ackIndex: null }]);
  });

  it('counts unknown adds nobody saw as indeterminate and failed adds as failed, neither a violation', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', 1);
    h.info(0);
    h.invoke(2, 'add', 2);
    h.fail(2);
    h.invoke(3, 'add', 3); // never completes: the history was cut short
    h.call(1, 'read', null, []);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe('unknown');
    expect(result.outcomes).toMatchObject({ indeterminate: 2, failed: 1, lost: 0 });
  });

  it('is valid with every element ok and reports stable-visibility latency', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined); // invoked at 1 ms
    h.advance(10);
    h.call(1, 'read', null, [1]); // read invoked at 12 ms
    h.call(0, 'add', 2, undefined);
    h.call(1, 'read', null, [1, 2]);
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(true);
    expect(result.outcomes).toMatchObject({ ok: 2, lost: 0, stale: 0 });
    expect(result.stableLatencyMs).toMatchObject({ count: 2, max: 11 });
  });

  it('checks each key as its own set', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined, 'a');
    h.call(0, 'add', 1, undefined, 'b');
    h.call(1, 'read', null, [1], 'a');
    h.call(1, 'read', null, [], 'b');
    const result = checkSetFull(h.build());
    expect(result.valid).toBe(false);
    expect(result.keys).toBe(2);
    expect(result.lost).toMatchObject([{ key: 'b', element: 1 }]);
  });
});
