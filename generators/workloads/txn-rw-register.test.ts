import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { RwRegisterTxnSource } from './txn-rw-register.js';

describe('RwRegisterTxnSource', () => {
  it('writes unique values per key and reads with null', () => {
    const source = new RwRegisterTxnSource(new Rng(11), { maxWritesPerKey: 8 });
    const written = new Map<number, Set<number>>();
    for (let i = 0; i < 1000; i++) {
      for (const [f, k, v] of source.next()) {
        if (f === 'r') {
          expect(v).toBeNull();
          continue;
        }
        expect(f).toBe('w');
        const set = written.get(k) ?? new Set<number>();
        expect(set.has(v as number)).toBe(false);
        set.add(v as number);
        written.set(k, set);
      }
    }
    expect(written.size).toBeGreaterThan(10);
  });

  it('replays the same transactions from the same seed', () => {
    const a = new RwRegisterTxnSource(new Rng(5));
    const b = new RwRegisterTxnSource(new Rng(5));
    for (let i = 0; i < 100; i++) expect(a.next()).toEqual(b.next());
  });
});
