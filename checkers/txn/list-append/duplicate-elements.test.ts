import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: duplicate elements', () => {
  const b = new HistoryBuilder();
  b.txn([['append', 'x', 1]]);
  b.txn([['r', 'x', [1, 1]]]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly duplicate elements', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['duplicate-elements']);
  });

  it('names the read and the repeated value', () => {
    const w = witnessOf(verdict, 'duplicate-elements');
    expect(txnIds(w)).toEqual(['T3']);
    expect(w.explanation[0]).toBe('T3 read key x as [1,1], in which 1 appears 2 times; every value is appended once, so a list cannot hold it twice');
  });

  it('rules out read uncommitted', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-uncommitted']);
  });

  it('finds duplicates in a read that also disagrees with the longest one', () => {
    const c = new HistoryBuilder();
    c.concurrent([[['append', 'x', 1]], [['append', 'x', 2]]]);
    c.txn([['r', 'x', [1, 2]]]);
    c.txn([['r', 'x', [2, 2]]]);
    expect(detailsOf(checkListAppend(c.build())).anomalyTypes).toEqual(['duplicate-elements', 'incompatible-order']);
  });
});
