import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: lost update', () => {
  // Both read x empty and both append to it.
  const b = new HistoryBuilder();
  b.concurrent([
    [
      ['r', 'x', []],
      ['append', 'x', 1],
    ],
    [
      ['r', 'x', []],
      ['append', 'x', 2],
    ],
  ]);

  it('is exactly a lost update under cursor stability, which forbids it', () => {
    const verdict = checkListAppend(b.build(), { consistencyModels: 'cursor-stability' });
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['lost-update']);
    expect(detailsOf(verdict).notModels).toEqual(['cursor-stability']);
  });

  it('names both transactions and the state they both read', () => {
    const w = witnessOf(checkListAppend(b.build(), { consistencyModels: 'cursor-stability' }), 'lost-update');
    expect(txnIds(w)).toEqual(['T2', 'T3']);
    expect(w.key).toBe('x');
    expect(w.value).toEqual([]);
    expect(w.explanation[0]).toMatch(/^T2, T3 all read key x as \[\] and then appended to it/);
  });

  it('comes with the write-skew cycle it implies when anti-dependencies are searched', () => {
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item', 'lost-update']);
  });
});
