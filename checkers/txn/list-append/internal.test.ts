import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: internal inconsistency', () => {
  it("flags a read that misses the transaction's own earlier append", () => {
    const b = new HistoryBuilder();
    b.txn([
      ['append', 'x', 1],
      ['r', 'x', []],
    ]);
    const verdict = checkListAppend(b.build());
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['internal']);
    const w = witnessOf(verdict, 'internal');
    expect(txnIds(w)).toEqual(['T1']);
    expect(w.expected).toEqual(['...', 1]);
    expect(w.explanation).toEqual(['T1 read key x as [], but its own earlier reads and appends of that key imply a list ending in [1]']);
    expect(detailsOf(verdict).notModels).toEqual(['read-atomic']);
    expect(detailsOf(verdict).alsoNotModels).toContain('serializable');
  });

  it('flags a second read that differs from the first with no append between', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]]);
    b.txn([['append', 'x', 2]]);
    b.txn([
      ['r', 'x', [1]],
      ['r', 'x', [1, 2]],
    ]);
    const verdict = checkListAppend(b.build(), { consistencyModels: 'read-atomic' });
    expect(detailsOf(verdict).anomalyTypes).toEqual(['internal']);
    expect(witnessOf(verdict, 'internal').expected).toEqual([1]);
  });

  it("accepts reads that reflect the transaction's own appends", () => {
    const b = new HistoryBuilder();
    b.txn([
      ['r', 'x', []],
      ['append', 'x', 1],
      ['r', 'x', [1]],
      ['append', 'x', 2],
      ['r', 'x', [1, 2]],
    ]);
    // One transaction alone has no dependency to check: nothing wrong, nothing decided.
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual([]);
    expect(verdict.valid).toBe('unknown');
  });
});
