import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { ListAppendTxnSource } from './txn-list-append.js';

function draw(seed: number, n: number, options = {}) {
  const source = new ListAppendTxnSource(new Rng(seed), options);
  return Array.from({ length: n }, () => source.next());
}

describe('ListAppendTxnSource', () => {
  it('replays the same transactions from the same seed', () => {
    expect(draw(7, 200)).toEqual(draw(7, 200));
    expect(draw(7, 200)).not.toEqual(draw(8, 200));
  });

  it('keeps transaction lengths within bounds', () => {
    for (const txn of draw(1, 500, { minTxnLength: 2, maxTxnLength: 3 })) {
      expect(txn.length).toBeGreaterThanOrEqual(2);
      expect(txn.length).toBeLessThanOrEqual(3);
    }
  });

  it('appends unique values per key and retires a key after its last write', () => {
    const seen = new Map<number, number[]>();
    for (const txn of draw(2, 2000, { maxWritesPerKey: 5 })) {
      for (const [f, k, v] of txn) if (f === 'append') seen.set(k, [...(seen.get(k) ?? []), v as number]);
    }
    for (const values of seen.values()) {
      expect(new Set(values).size).toBe(values.length);
      expect(values.length).toBeLessThanOrEqual(5);
      expect(values).toEqual(values.map((_, i) => i + 1));
    }
    expect(Math.max(...seen.keys())).toBeGreaterThan(10);
  });

  it('keeps exactly keyCount keys in play', () => {
    const source = new ListAppendTxnSource(new Rng(3), { keyCount: 4, maxWritesPerKey: 3 });
    const appends = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      for (const [f, k] of source.next()) {
        appends.set(k, (appends.get(k) ?? 0) + (f === 'append' ? 1 : 0));
      }
    }
    const retired = [...appends.values()].filter((n) => n === 3).length;
    const stillActive = [...appends.values()].filter((n) => n < 3).length;
    expect(retired).toBeGreaterThan(20);
    expect(stillActive).toBeLessThanOrEqual(4);
  });

  it('honours the read fraction', () => {
    const mops = draw(4, 2000, { readFraction: 0.25 }).flat();
    const reads = mops.filter(([f]) => f === 'r').length / mops.length;
    expect(reads).toBeGreaterThan(0.2);
    expect(reads).toBeLessThan(0.3);
    for (const [f, , v] of mops) if (f === 'r') expect(v).toBeNull();
  });

  it('names the bad option', () => {
    expect(() => new ListAppendTxnSource(new Rng(1), { keyCount: 0 })).toThrow(ConfigError);
    expect(() => new ListAppendTxnSource(new Rng(1), { minTxnLength: 3, maxTxnLength: 2 })).toThrow(/maxTxnLength: must be at least minTxnLength \(3\), got 2/);
    expect(() => new ListAppendTxnSource(new Rng(1), { readFraction: 2 })).toThrow(/readFraction/);
  });
});
