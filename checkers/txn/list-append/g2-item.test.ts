import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G2-item (write skew)', () => {
  // Both read x and y empty, then each appends to a different one.
  const b = new HistoryBuilder();
  b.concurrent([
    [
      ['r', 'x', []],
      ['r', 'y', []],
      ['append', 'x', 1],
    ],
    [
      ['r', 'x', []],
      ['r', 'y', []],
      ['append', 'y', 1],
    ],
  ]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a G2-item anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item']);
  });

  it('proves it with two adjacent anti-dependencies', () => {
    const w = witnessOf(verdict, 'G2-item');
    expect(txnIds(w)).toEqual(['T2', 'T3']);
    expect(w.explanation).toEqual([
      "T2 < T3 because T2 read key y as [], which does not include T3's append of 1",
      "T3 < T2 because T3 read key x as [], which does not include T2's append of 1",
    ]);
  });

  it('rules out repeatable read and serializability but not snapshot isolation', () => {
    const d = detailsOf(verdict);
    expect(d.notModels).toEqual(['repeatable-read']);
    expect(d.alsoNotModels).toEqual(['serializable', 'strict-serializable', 'strong-session-serializable']);
  });

  it('is valid when only snapshot isolation is required', () => {
    expect(checkListAppend(b.build(), { consistencyModels: ['snapshot-isolation'] }).valid).toBe(true);
  });
});
