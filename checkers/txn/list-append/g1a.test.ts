import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G1a (aborted read)', () => {
  const b = new HistoryBuilder();
  b.txn([['append', 'x', 1]], 'fail');
  b.txn([['r', 'x', [1]]]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a G1a anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1a']);
  });

  it('names the reader and the failed writer', () => {
    const w = witnessOf(verdict, 'G1a');
    expect(txnIds(w)).toEqual(['T3', 'T1']);
    expect(w.txns[1].type).toBe('fail');
    expect(w.key).toBe('x');
    expect(w.explanation).toEqual(["T3 read key x as [1], which contains 1, appended by T1, which failed: an aborted transaction's write was visible"]);
  });

  it('rules out read committed', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
