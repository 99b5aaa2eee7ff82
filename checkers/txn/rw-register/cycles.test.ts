import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

describe('rw-register: dependency cycles', () => {
  it('G0: writes-follow-reads orders x one way and y the other', () => {
    const b = new HistoryBuilder();
    b.concurrent([
      [
        ['r', 'y', 2],
        ['w', 'x', 1],
        ['w', 'y', 1],
      ],
      [
        ['r', 'x', 1],
        ['w', 'x', 2],
        ['w', 'y', 2],
      ],
    ]);
    const verdict = checkRwRegister(b.build(), { wfrKeys: true });
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G0']);
    expect(witnessOf(verdict, 'G0').explanation).toEqual([
      "T2 < T3 because T3 overwrote T2's write of 1 to key x with 2 (version order: a transaction read one and wrote the other)",
      "T3 < T2 because T2 overwrote T3's write of 2 to key y with 1 (version order: a transaction read one and wrote the other)",
    ]);
    expect(detailsOf(verdict).notModels).toEqual(['read-uncommitted']);
  });

  it("G1c: each transaction reads the other's write", () => {
    const b = new HistoryBuilder();
    b.concurrent([
      [
        ['w', 'x', 1],
        ['r', 'y', 1],
      ],
      [
        ['w', 'y', 1],
        ['r', 'x', 1],
      ],
    ]);
    const verdict = checkRwRegister(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1c']);
    expect(witnessOf(verdict, 'G1c').explanation).toEqual([
      "T2 < T3 because T3 read T2's write of 1 to key x",
      "T3 < T2 because T2 read T3's write of 1 to key y",
    ]);
  });

  it("G-single: a read of the initial state next to a read of the same transaction's other write", () => {
    const b = new HistoryBuilder();
    b.concurrent([
      [
        ['w', 'x', 1],
        ['w', 'y', 1],
      ],
      [
        ['r', 'x', null],
        ['r', 'y', 1],
      ],
    ]);
    const verdict = checkRwRegister(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single']);
    const w = witnessOf(verdict, 'G-single');
    expect(txnIds(w)).toEqual(['T2', 'T3']);
    expect(w.explanation).toEqual([
      "T2 < T3 because T3 read T2's write of 1 to key y",
      'T3 < T2 because T3 read key x = nil (its initial state), which T2 overwrote with 1',
    ]);
    expect(detailsOf(verdict).notModels).toEqual(['consistent-view', 'repeatable-read']);
  });

  it('G2-item: write skew from the initial state', () => {
    const b = new HistoryBuilder();
    b.concurrent([
      [
        ['r', 'x', null],
        ['r', 'y', null],
        ['w', 'x', 1],
      ],
      [
        ['r', 'x', null],
        ['r', 'y', null],
        ['w', 'y', 1],
      ],
    ]);
    const verdict = checkRwRegister(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item']);
    expect(detailsOf(verdict).notModels).toEqual(['repeatable-read']);
  });

  it('G-single-realtime: a stale read, visible only through real time', () => {
    const b = new HistoryBuilder();
    b.txn([['w', 'x', 1]], 'ok', 0);
    b.txn([['r', 'x', null]], 'ok', 1);
    const verdict = checkRwRegister(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-realtime']);
  });
});
