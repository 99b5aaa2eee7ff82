import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

// A transaction's appends to one key take effect in the order it made them: a read showing
// them reversed, or the later one without the earlier, fits no order of appends. Both ends
// of the would-be edge are the same transaction, so no ww edge (and no Elle analysis) sees it.

function history(read: unknown[]) {
  const b = new HistoryBuilder();
  b.txn([
    ['append', 'x', 1],
    ['append', 'x', 2],
  ]);
  b.txn([['append', 'x', 3]]);
  b.txn([['r', 'x', read]]);
  return b.build();
}

describe('list-append: a transaction’s own appends out of order', () => {
  it('a read showing them reversed is an incompatible order', () => {
    // Nothing else is wrong with [2 1 3]: it ends in a final append, and 3 came after T1.
    const verdict = checkListAppend(history([2, 1, 3]));
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['incompatible-order']);
    const w = witnessOf(verdict, 'incompatible-order');
    expect(txnIds(w)).toEqual(['T5', 'T1']);
    expect(w.explanation).toEqual([
      'T1 appended 1 and then 2 to key x',
      'T5 read key x as [2,1,3], which shows 2 before 1',
      "a transaction's own appends take effect in the order it made them, so no order of appends explains that read",
    ]);
  });

  it('a read showing the later one without the earlier is one too', () => {
    const verdict = checkListAppend(history([2, 3]));
    expect(detailsOf(verdict).anomalyTypes).toContain('incompatible-order');
    expect(witnessOf(verdict, 'incompatible-order').summary).toMatch(/shows 2 without 1, but T1 appended 1 and then 2$/);
  });

  it('the order it made them in is fine', () => {
    expect(checkListAppend(history([1, 2, 3])).valid).toBe(true);
  });
});
