import { describe, expect, it } from 'vitest';
import { checkCounter } from './counter.js';
import { HistoryBuilder } from '../test-support/index.js';

// A completed read of nil saw the counter before any increment (a key nobody incremented
// reads as nil in Jepsen's clients): its initial value. And a history without a completed
// read decides nothing.

describe('counter: nil reads and histories without reads', () => {
  it('reads nil as the initial value, fine before any increment', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, null);
    h.call(0, 'add', 1, undefined);
    h.call(1, 'read', null, 1);
    expect(checkCounter(h.build())).toMatchObject({ valid: true, reads: 2 });
    expect(checkCounter(h.build(), { initial: 5 }).valid).toBe(false);
  });

  it('reads nil as the initial value, so a nil read after an acknowledged increment is a lost increment', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined);
    const read = h.call(1, 'read', null, null);
    const result = checkCounter(h.build());
    expect(result.valid).toBe(false);
    expect(result.violations).toEqual([{ index: read, invokeIndex: read - 1, value: 0, lower: 1, upper: 1 }]);
  });

  it('answers unknown when no read completed ok', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined);
    h.invoke(1, 'read', null);
    h.info(1, undefined, 'timeout');
    const result = checkCounter(h.build());
    expect(result.valid).toBe('unknown');
    expect(result.valid === 'unknown' && result.reason).toMatch(/no read completed ok/);
  });
});
