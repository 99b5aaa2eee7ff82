import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: future read', () => {
  const b = new HistoryBuilder();
  b.txn([
    ['r', 'x', 5],
    ['w', 'x', 5],
  ]);
  const verdict = checkRwRegister(b.build());

  it('is invalid with exactly a future read', () => {
    expect(detailsOf(verdict).anomalyTypes).toEqual(['future-read']);
    expect(txnIds(witnessOf(verdict, 'future-read'))).toEqual(['T1']);
    expect(witnessOf(verdict, 'future-read').explanation).toEqual(['T1 read key x = 5, a value T1 itself writes only later']);
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
