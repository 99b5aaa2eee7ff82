import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: incompatible order', () => {
  const b = new HistoryBuilder();
  b.concurrent([[['append', 'x', 1]], [['append', 'x', 2]]]);
  b.txn([['r', 'x', [1, 2]]]);
  b.txn([['r', 'x', [2, 1]]]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly an incompatible order', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['incompatible-order']);
  });

  it('shows both reads', () => {
    const w = witnessOf(verdict, 'incompatible-order');
    expect(txnIds(w)).toEqual(['T7', 'T5']);
    expect(w.value).toEqual([2, 1]);
    expect(w.expected).toEqual([1, 2]);
    expect(w.explanation).toEqual([
      'T7 read key x as [2,1]',
      'T5 read key x as [1,2]',
      'neither is a prefix of the other, so no single order of appends explains both reads',
    ]);
  });

  it('rules out read committed', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
