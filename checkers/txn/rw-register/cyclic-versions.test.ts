import { describe, expect, it } from 'vitest';
import { TxnHistoryBuilder, detailsOf, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: cyclic versions', () => {
  // Process 0 writes 1 then 2; process 1 reads 2 then 1. Under sequential keys each
  // process sees versions in order, which cannot hold for both.
  const b = new TxnHistoryBuilder();
  const w1 = b.invoke([['w', 'x', 1]], 0);
  const r2 = b.invoke([['r', 'x', 2]], 1);
  b.ok(w1);
  const w2 = b.invoke([['w', 'x', 2]], 0);
  b.ok(r2);
  const r1 = b.invoke([['r', 'x', 1]], 1);
  b.ok(w2);
  b.ok(r1);
  const verdict = checkRwRegister(b.history, { sequentialKeys: true });

  it('is invalid with exactly cyclic versions', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['cyclic-versions']);
  });

  it('shows the version cycle and why each step holds', () => {
    const w = witnessOf(verdict, 'cyclic-versions');
    expect(w.key).toBe('x');
    expect(w.explanation).toEqual([
      'x: 1 < 2 because one process saw them in this order',
      'x: 2 < 1 because one process saw them in this order',
    ]);
    expect(detailsOf(verdict).notModels).toEqual(['read-uncommitted']);
  });

  it('is no anomaly without the sequential-keys assumption', () => {
    expect(checkRwRegister(b.history).valid).toBe(true);
  });
});
