import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: cyclic versions', () => {
  // Process 0 writes 1 then 2; process 1 reads 2 then 1. Under sequential keys each
  // process sees versions in order, which cannot hold for both.
  const b = new HistoryBuilder();
  const w1 = b.startTxn([['w', 'x', 1]], 0);
  const r2 = b.startTxn([['r', 'x', 2]], 1);
  b.endTxn(w1);
  const w2 = b.startTxn([['w', 'x', 2]], 0);
  b.endTxn(r2);
  const r1 = b.startTxn([['r', 'x', 1]], 1);
  b.endTxn(w2);
  b.endTxn(r1);
  const verdict = checkRwRegister(b.build(), { sequentialKeys: true });

  it('is invalid with exactly cyclic versions', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['cyclic-versions']);
  });

  it('shows the version cycle and why each step holds', () => {
    const w = witnessOf(verdict, 'cyclic-versions');
    expect(w.key).toBe('x');
    expect(w.explanation).toEqual(['x: 1 < 2 because one process saw them in this order', 'x: 2 < 1 because one process saw them in this order']);
    expect(detailsOf(verdict).notModels).toEqual(['read-uncommitted']);
  });

  it('is no anomaly without the sequential-keys assumption', () => {
    expect(checkRwRegister(b.build()).valid).toBe(true);
  });
});
