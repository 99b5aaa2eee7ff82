import { describe, expect, it } from 'vitest';
import { WriterIndex } from './writer-index.js';

describe('WriterIndex', () => {
  it('finds writers of small integers, large integers and other values alike', () => {
    const index = new WriterIndex(2);
    expect(index.set(0, 3, 10)).toBe(-1);
    expect(index.set(0, 5_000_000, 11)).toBe(-1);
    expect(index.set(0, 'a', 12)).toBe(-1);
    expect(index.set(1, 3, 13)).toBe(-1);
    expect([index.get(0, 3), index.get(0, 5_000_000), index.get(0, 'a'), index.get(1, 3), index.get(1, 4), index.get(0, '3')]).toEqual([
      10, 11, 12, 13, -1, -1,
    ]);
  });

  it('reports the earlier writer of a repeated value, wherever it was stored', () => {
    const index = new WriterIndex(1);
    expect(index.set(0, 200, 1)).toBe(-1); // too far ahead of the array: goes to the Map
    for (let v = 0; v < 200; v++) index.set(0, v, 100 + v); // the array grows past 200
    expect(index.get(0, 200)).toBe(1);
    expect(index.set(0, 200, 2)).toBe(1);
    expect(index.get(0, 2.5)).toBe(-1);
  });
});
