import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G0 (write cycle)', () => {
  // T2 and T3 append to x in one order and to y in the other; a later read shows both orders.
  const b = new HistoryBuilder();
  b.concurrent([
    [
      ['append', 'x', 1],
      ['append', 'y', 1],
    ],
    [
      ['append', 'x', 2],
      ['append', 'y', 2],
    ],
  ]);
  b.txn([
    ['r', 'x', [1, 2]],
    ['r', 'y', [2, 1]],
  ]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a G0 anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G0']);
  });

  it('proves it with the two-transaction write cycle, one line per edge', () => {
    const w = witnessOf(verdict, 'G0');
    expect(txnIds(w)).toEqual(['T2', 'T3']);
    expect(w.edges?.map((e) => [e.kind, e.key, e.previous, e.value])).toEqual([
      ['ww', 'x', 1, 2],
      ['ww', 'y', 2, 1],
    ]);
    expect(w.explanation).toEqual(['T2 < T3 because T3 appended 2 after T2 appended 1 to key x', 'T3 < T2 because T2 appended 1 after T3 appended 2 to key y']);
    expect(w.minimal).toBe(true);
  });

  it('rules out read uncommitted and everything stronger', () => {
    const d = detailsOf(verdict);
    expect(d.notModels).toEqual(['read-uncommitted']);
    expect(d.alsoNotModels).toContain('serializable');
    expect(d.alsoNotModels).toContain('strict-serializable');
  });
});
