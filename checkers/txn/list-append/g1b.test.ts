import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

describe('list-append: G1b (intermediate read)', () => {
  // T1 appends 1 then 2 to x; T3 sees the list end in 1, a state T1 never committed.
  const b = new HistoryBuilder();
  b.txn([
    ['append', 'x', 1],
    ['append', 'x', 2],
  ]);
  b.txn([['r', 'x', [1]]]);

  it('is the only anomaly read committed looks for', () => {
    const verdict = checkListAppend(b.build(), { consistencyModels: 'read-committed' });
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1b']);
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });

  it('names the reader and the writer of the intermediate state', () => {
    const w = witnessOf(checkListAppend(b.build(), { consistencyModels: 'read-committed' }), 'G1b');
    expect(txnIds(w)).toEqual(['T3', 'T1']);
    expect(w.explanation[0]).toBe(
      'T3 read key x as [1], which ends in 1; T1 appended 1 and then appended to the same key again, so that state never committed',
    );
  });

  it('also closes a read-skew cycle when anti-dependencies are inferred', () => {
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single', 'G1b']);
    expect(witnessOf(verdict, 'G-single').explanation).toEqual([
      "T1 < T3 because T3 observed T1's append of 1 to key x",
      "T3 < T1 because T3 read key x as [1], which does not include T1's append of 2",
    ]);
  });
});
