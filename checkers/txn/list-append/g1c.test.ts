import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G1c (circular information flow)', () => {
  // Each transaction reads the other's append.
  const b = new HistoryBuilder();
  b.concurrent([
    [
      ['append', 'x', 1],
      ['r', 'y', [1]],
    ],
    [
      ['append', 'y', 1],
      ['r', 'x', [1]],
    ],
  ]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a G1c anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1c']);
  });

  it('proves it with two write-read edges', () => {
    const w = witnessOf(verdict, 'G1c');
    expect(txnIds(w)).toEqual(['T2', 'T3']);
    expect(w.explanation).toEqual(["T2 < T3 because T3 observed T2's append of 1 to key x", "T3 < T2 because T2 observed T3's append of 1 to key y"]);
  });

  it('rules out read committed', () => {
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });
});
