import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G-single (read skew)', () => {
  // T3 sees T2's append to y but not its append to x.
  const b = new HistoryBuilder();
  b.concurrent([
    [
      ['append', 'x', 1],
      ['append', 'y', 1],
    ],
    [
      ['r', 'x', []],
      ['r', 'y', [1]],
    ],
  ]);
  const verdict = checkListAppend(b.build());

  it('is invalid with exactly a G-single anomaly', () => {
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single']);
  });

  it('proves it with one anti-dependency and one write-read edge', () => {
    const w = witnessOf(verdict, 'G-single');
    expect(txnIds(w)).toEqual(['T2', 'T3']);
    expect(w.edges?.map((e) => e.kind)).toEqual(['wr', 'rw']);
    expect(w.explanation).toEqual([
      "T2 < T3 because T3 observed T2's append of 1 to key y",
      "T3 < T2 because T3 read key x as [], which does not include T2's append of 1",
    ]);
  });

  it('rules out consistent view and repeatable read, but not read committed', () => {
    const d = detailsOf(verdict);
    expect(d.notModels).toEqual(['consistent-view', 'repeatable-read']);
    expect(d.alsoNotModels).toContain('snapshot-isolation');
    expect(d.alsoNotModels).not.toContain('read-committed');
  });
});
