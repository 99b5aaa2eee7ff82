import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

// Strict serializability (the default) adds real-time order; these cycles need it.
describe('list-append: real-time variants', () => {
  it('G-single-realtime: a read that starts after an append completed misses it', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'ok', 0);
    b.txn([['r', 'x', []]], 'ok', 1);
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-realtime']);
    const w = witnessOf(verdict, 'G-single-realtime');
    expect(txnIds(w)).toEqual(['T1', 'T3']);
    expect(w.explanation).toEqual([
      'T1 < T3 because T1 completed (index 1) before T3 was invoked (index 2)',
      "T3 < T1 because T3 read key x as [], which does not include T1's append of 1",
    ]);
    expect(detailsOf(verdict).notModels).toEqual(['strong-snapshot-isolation']);
    expect(detailsOf(verdict).alsoNotModels).toEqual(['strict-serializable']);
  });

  it('G0-realtime: appends land in the opposite of their real-time order', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'ok', 0);
    b.txn([['append', 'x', 2]], 'ok', 1);
    b.txn([['r', 'x', [2, 1]]], 'ok', 2);
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G0-realtime']);
    expect(witnessOf(verdict, 'G0-realtime').edges?.map((e) => e.kind)).toEqual(['realtime', 'ww']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-read-uncommitted']);
  });

  it('G1c-realtime: information flows into a transaction that finished earlier', () => {
    const b = new HistoryBuilder();
    const t1 = b.startTxn([['r', 'x', [1]]], 0);
    const t3 = b.startTxn(
      [
        ['r', 'y', [1]],
        ['append', 'x', 1],
      ],
      1,
    );
    b.endTxn(t1);
    b.txn([['append', 'y', 1]], 'ok', 2);
    b.endTxn(t3);
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1c-realtime']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-read-committed']);
  });

  it('G-nonadjacent-realtime: separated anti-dependencies closed by real time', () => {
    const b = new HistoryBuilder();
    const t3 = b.startTxn(
      [
        ['append', 'a', 1],
        ['append', 'c', 1],
      ],
      1,
    );
    const t4 = b.startTxn(
      [
        ['r', 'c', [1]],
        ['r', 'b', []],
      ],
      2,
    );
    b.txn([['append', 'b', 1]], 'ok', 0);
    b.txn([['r', 'a', []]], 'ok', 3);
    b.endTxn(t3);
    b.endTxn(t4);
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-nonadjacent-realtime']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-snapshot-isolation']);
  });

  it('G2-item-realtime: write skew closed by real time', () => {
    const b = new HistoryBuilder();
    const t3 = b.startTxn(
      [
        ['r', 'b', []],
        ['append', 'a', 1],
      ],
      1,
    );
    b.txn([['append', 'b', 1]], 'ok', 0);
    b.txn([['r', 'a', []]], 'ok', 2);
    b.endTxn(t3);
    const verdict = checkListAppend(b.build());
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item-realtime']);
    expect(detailsOf(verdict).notModels).toEqual(['strict-serializable']);
    expect(detailsOf(verdict).alsoNotModels).toEqual([]);
  });

  it('does not order transactions that overlap', () => {
    const b = new HistoryBuilder();
    b.concurrent([[['append', 'x', 1]], [['r', 'x', []]]]);
    expect(checkListAppend(b.build()).valid).toBe(true);
  });

  it('does not let an indeterminate transaction precede anything', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'info', 0);
    b.txn([['r', 'x', []]], 'ok', 1);
    expect(checkListAppend(b.build()).valid).toBe(true);
  });
});
