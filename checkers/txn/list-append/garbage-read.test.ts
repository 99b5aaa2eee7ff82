import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: garbage read', () => {
  const b = new HistoryBuilder();
  b.txn([['append', 'x', 1]]);
  b.txn([['r', 'x', [1, 7]]]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a garbage read', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['garbage-read']);
  });

  it('names the value nobody wrote', () => {
    const w = witnessOf(verdict, 'garbage-read');
    expect(txnIds(w)).toEqual(['T3']);
    expect(w.explanation).toEqual(['T3 read key x as [1,7], which contains 7, but no transaction in the history appended 7 to that key']);
  });

  it('rules out read committed, like an aborted read', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
