import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: G1b (intermediate read)', () => {
  const b = new HistoryBuilder();
  b.txn([
    ['w', 'x', 1],
    ['w', 'x', 2],
  ]);
  b.txn([['r', 'x', 1]]);
  const verdict = checkRwRegister(b.build());

  it('is invalid with exactly a G1b anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1b']);
  });

  it('names the reader and the writer of the overwritten value', () => {
    const w = witnessOf(verdict, 'G1b');
    expect(txnIds(w)).toEqual(['T3', 'T1']);
    expect(w.explanation).toEqual(['T3 read key x = 1, which T1 overwrote within the same transaction, so it never committed']);
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
