import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: G1a (aborted read)', () => {
  const b = new HistoryBuilder();
  b.txn([['w', 'x', 1]], 'fail');
  b.txn([['r', 'x', 1]]);
  const verdict = checkRwRegister(b.build());

  it('is invalid with exactly a G1a anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1a']);
  });

  it('names the reader and the failed writer', () => {
    const w = witnessOf(verdict, 'G1a');
    expect(txnIds(w)).toEqual(['T3', 'T1']);
    expect(w.explanation).toEqual(['T3 read key x = 1, written by T1, which failed']);
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
