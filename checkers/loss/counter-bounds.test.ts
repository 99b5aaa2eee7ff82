import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { checkCounter } from './counter.js';

describe('counter: reads within the acknowledged and attempted sums', () => {
  it('is valid when every read lies between its bounds, counting concurrent and unknown increments as possible', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined);
    h.invoke(0, 'add', 2); // still running during the read: may or may not show
    h.invoke(2, 'add', 10);
    h.info(2, undefined, 'timeout'); // unknown: may show at any later time
    h.call(1, 'read', null, 3);
    h.ok(0);
    h.call(1, 'read', null, 13);
    const result = checkCounter(h.build());
    expect(result).toMatchObject({ valid: true, reads: 2, violationCount: 0 });
    expect(result.increments).toEqual({ attempted: 3, acknowledged: 2, failed: 0, unknown: 1 });
  });

  it('is invalid when a read is below the increments acknowledged before it began, reporting its bounds', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 1, undefined);
    h.call(0, 'add', 1, undefined);
    h.invoke(1, 'read', null);
    const readOk = h.ok(1, 1);
    const result = checkCounter(h.build());
    expect(result.valid).toBe(false);
    expect(result.violations).toEqual([{ index: readOk, invokeIndex: 4, value: 1, lower: 2, upper: 2 }]);
  });

  it('is invalid when a read exceeds everything attempted, failed increments excluded', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 5, undefined);
    h.invoke(0, 'add', 7);
    h.fail(0);
    const readOk = h.call(1, 'read', null, 12);
    const result = checkCounter(h.build(), { initial: 0 });
    expect(result.valid).toBe(false);
    expect(result.violations).toMatchObject([{ index: readOk, value: 12, lower: 5, upper: 5 }]);
  });

  it('starts from the initial option and handles negative increments in both bounds', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'add', -3);
    h.call(1, 'read', null, 97);
    h.call(1, 'read', null, 100);
    h.ok(0);
    h.call(1, 'read', null, 97);
    expect(checkCounter(h.build(), { initial: 100 }).valid).toBe(true);
    const h2 = new HistoryBuilder();
    h2.call(0, 'add', -3, undefined);
    h2.call(1, 'read', null, 100);
    expect(checkCounter(h2.build(), { initial: 100 }).violations).toMatchObject([{ value: 100, lower: 97, upper: 97 }]);
  });
});
