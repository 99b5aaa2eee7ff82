import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: lost update', () => {
  // Both increment-like transactions read x = 1 and write their own successor.
  const b = new HistoryBuilder();
  b.txn([['w', 'x', 1]]);
  b.concurrent([
    [
      ['r', 'x', 1],
      ['w', 'x', 2],
    ],
    [
      ['r', 'x', 1],
      ['w', 'x', 3],
    ],
  ]);

  it('is exactly a lost update under cursor stability', () => {
    const verdict = checkRwRegister(b.build(), { consistencyModels: 'cursor-stability' });
    expect(detailsOf(verdict).anomalyTypes).toEqual(['lost-update']);
    const w = witnessOf(verdict, 'lost-update');
    expect(txnIds(w)).toEqual(['T4', 'T5']);
    expect(w.explanation).toEqual(['T4, T5 all read key x = 1 and then wrote it; each update was based on a state another one replaced']);
    expect(detailsOf(verdict).notModels).toEqual(['cursor-stability']);
  });

  it('is also write skew once writes-follow-reads orders the versions', () => {
    const verdict = checkRwRegister(b.build(), { wfrKeys: true });
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item', 'lost-update']);
  });
});
