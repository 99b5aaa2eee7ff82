import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

// A stale read of x = 1 after x = 2 was written and acknowledged. With only the initial
// state known, 1 and 2 are unordered and nothing is wrong; each assumption that orders
// 1 before 2 exposes the stale read.
function staleRead(): HistoryBuilder {
  const b = new HistoryBuilder();
  b.txn([['w', 'x', 1]], 'ok', 0);
  b.txn([['w', 'x', 2]], 'ok', 0);
  b.txn([['r', 'x', 1]], 'ok', 1);
  return b;
}

describe('rw-register: version order inference', () => {
  it('finds nothing from the initial state alone', () => {
    expect(checkRwRegister(staleRead().build()).valid).toBe(true);
  });

  it('orders versions by process under sequential keys', () => {
    const verdict = checkRwRegister(staleRead().build(), { sequentialKeys: true });
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-realtime']);
    expect(witnessOf(verdict, 'G-single-realtime').explanation[1]).toBe(
      'T5 < T3 because T5 read key x = 1, which T3 overwrote with 2 (version order: process order)',
    );
  });

  it('orders versions by real time under linearizable keys, where the stale read contradicts itself', () => {
    const verdict = checkRwRegister(staleRead().build(), { linearizableKeys: true, consistencyModels: 'serializable' });
    expect(detailsOf(verdict).anomalyTypes).toEqual(['cyclic-versions']);
    expect(witnessOf(verdict, 'cyclic-versions').explanation).toEqual([
      'x: 1 < 2 because a transaction that saw the first completed before one that saw the second began',
      'x: 2 < 1 because a transaction that saw the first completed before one that saw the second began',
    ]);
  });

  it('orders versions by writes following reads', () => {
    const b = new HistoryBuilder();
    b.txn([['w', 'x', 1]]);
    b.txn([
      ['r', 'x', 1],
      ['w', 'x', 2],
    ]);
    b.txn([['r', 'x', 1]]);
    expect(checkRwRegister(b.build()).valid).toBe(true);
    expect(detailsOf(checkRwRegister(b.build(), { wfrKeys: true })).anomalyTypes).toEqual(['G-single-realtime']);
  });
});
