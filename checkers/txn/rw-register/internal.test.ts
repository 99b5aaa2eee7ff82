import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: internal inconsistency', () => {
  it("flags a read that misses the transaction's own write", () => {
    const b = new HistoryBuilder();
    b.txn([
      ['w', 'x', 1],
      ['r', 'x', null],
    ]);
    const verdict = checkRwRegister(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['internal']);
    const w = witnessOf(verdict, 'internal');
    expect(txnIds(w)).toEqual(['T1']);
    expect(w.expected).toBe(1);
    expect(w.explanation).toEqual(['T1 read key x = null, but its own earlier read or write of that key implies 1']);
    expect(detailsOf(verdict).notModels).toEqual(['read-atomic']);
  });

  it('flags two reads of a key that disagree (a non-repeatable read)', () => {
    const b = new HistoryBuilder();
    b.txn([['w', 'x', 1]]);
    b.txn([
      ['r', 'x', null],
      ['r', 'x', 1],
    ]);
    expect(detailsOf(checkRwRegister(b.build(), { consistencyModels: 'read-atomic' })).anomalyTypes).toEqual(['internal']);
  });
});
