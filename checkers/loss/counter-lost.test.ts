import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { checkCounter } from './counter.js';

describe('counter: lost increments', () => {
  it('names the shortfall of the final read and counts lost increments of one size', () => {
    const h = new HistoryBuilder();
    for (let i = 0; i < 5; i++) h.call(i % 2, 'add', 1, undefined);
    const final = h.call(3, 'read', null, 3);
    const result = checkCounter(h.build());
    expect(result.valid).toBe(false);
    expect(result.lost).toEqual([{ readIndex: final, value: 3, expectedAtLeast: 5, missing: 2, increments: 2 }]);
  });

  it('reports only the amount when increments differ in size, per key', () => {
    const h = new HistoryBuilder();
    h.call(0, 'add', 2, undefined, 'a');
    h.call(0, 'add', 5, undefined, 'a');
    h.call(0, 'add', 5, undefined, 'b');
    h.call(1, 'read', null, 5, 'a');
    h.call(1, 'read', null, 5, 'b');
    const result = checkCounter(h.build());
    expect(result.keys).toBe(2);
    expect(result.lost).toEqual([{ key: 'a', readIndex: 7, value: 5, expectedAtLeast: 7, missing: 2 }]);
    expect(result.violations).toMatchObject([{ key: 'a', value: 5 }]);
  });

  it('rejects a read whose value is not a number, naming it', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, 'three');
    expect(() => checkCounter(h.build())).toThrow(/counter: ok read at index 1 must be the counter's value/);
  });
});
