import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: future read', () => {
  // T1 reads the 1 it appends only afterwards.
  const b = new HistoryBuilder();
  b.txn([
    ['r', 'x', [1]],
    ['append', 'x', 1],
  ]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a future read', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['future-read']);
  });

  it('names the transaction and the element', () => {
    const w = witnessOf(verdict, 'future-read');
    expect(txnIds(w)).toEqual(['T1']);
    expect(w.explanation).toEqual(['T1 read key x as [1], which contains 1, an append T1 itself performs later in the same transaction']);
  });

  it('rules out read committed, as a one-transaction G1c', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
