import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: dirty update', () => {
  // T1's append failed, yet T3 committed an append on top of it. Seeing that order takes
  // a read showing the failed element, so an aborted read (G1a) always comes along.
  const b = new HistoryBuilder();
  b.txn([['append', 'x', 1]], 'fail');
  b.txn([['append', 'x', 2]]);
  b.txn([['r', 'x', [1, 2]]]);
  const verdict = checkListAppend(b.build());

  it('is invalid with a dirty update and the aborted read that reveals it', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1a', 'dirty-update']);
  });

  it('names the failed writer and the committed one after it', () => {
    const w = witnessOf(verdict, 'dirty-update');
    expect(txnIds(w)).toEqual(['T1', 'T3']);
    expect(w.value).toEqual([1, 2]);
    expect(w.explanation).toEqual(['key x went through [1,2]: 1 was appended by T1, which failed, yet T3 committed 2 after it']);
  });

  it('rules out read committed', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
