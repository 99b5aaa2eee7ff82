import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G-nonadjacent', () => {
  // T4 -rw-> T5 -wr-> T6 -rw-> T7 -wr-> T4: two anti-dependencies, never side by side.
  const b = new HistoryBuilder();
  b.concurrent([
    [
      ['r', 'x', []],
      ['r', 'w', [1]],
    ],
    [
      ['append', 'x', 1],
      ['append', 'y', 1],
    ],
    [
      ['r', 'y', [1]],
      ['r', 'z', []],
    ],
    [
      ['append', 'z', 1],
      ['append', 'w', 1],
    ],
  ]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a G-nonadjacent anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-nonadjacent']);
  });

  it('proves it with alternating anti-dependency and write-read edges', () => {
    const w = witnessOf(verdict, 'G-nonadjacent');
    expect(txnIds(w)).toEqual(['T4', 'T5', 'T6', 'T7']);
    expect(w.edges?.map((e) => `${e.kind}:${e.key}`)).toEqual(['rw:x', 'wr:y', 'rw:z', 'wr:w']);
  });

  it('rules out snapshot isolation and repeatable read', () => {
    expect(detailsOf(verdict).notModels).toEqual(['repeatable-read', 'snapshot-isolation']);
  });
});
