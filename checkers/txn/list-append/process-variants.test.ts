import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, txnIds, witnessOf } from '../test-support/index.js';
import { checkListAppend } from './checker.js';

// Strong session models add each process's own order; these cycles need it.
const session = { consistencyModels: 'strong-session-serializable' };

describe('list-append: process-order variants', () => {
  it('G0-process: a process appends 1 then 2, a read shows 2 before 1', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'ok', 0);
    b.txn([['append', 'x', 2]], 'ok', 0);
    b.txn([['r', 'x', [2, 1]]], 'ok', 1);
    const verdict = checkListAppend(b.build(), session);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G0-process']);
    expect(witnessOf(verdict, 'G0-process').explanation).toEqual([
      'T1 < T3 because process 0 ran T1 before T3',
      'T3 < T1 because T1 appended 1 after T3 appended 2 to key x',
    ]);
    expect(detailsOf(verdict).notModels).toEqual(['strong-session-read-uncommitted']);
  });

  it("G1c-process: information flows back into a process's earlier transaction", () => {
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
    b.txn([['append', 'y', 1]], 'ok', 0);
    b.endTxn(t3);
    const verdict = checkListAppend(b.build(), session);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1c-process']);
    expect(witnessOf(verdict, 'G1c-process').edges?.map((e) => e.kind)).toEqual(['process', 'wr', 'wr']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-session-read-committed']);
  });

  it('G-single-process: a process does not see its own earlier append', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'ok', 0);
    b.txn([['r', 'x', []]], 'ok', 0);
    const verdict = checkListAppend(b.build(), session);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-process']);
    expect(txnIds(witnessOf(verdict, 'G-single-process'))).toEqual(['T1', 'T3']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-session-snapshot-isolation']);
    expect(detailsOf(verdict).alsoNotModels).toEqual(['strict-serializable', 'strong-session-serializable', 'strong-snapshot-isolation']);
  });

  it('G-nonadjacent-process: two separated anti-dependencies closed by process order', () => {
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
    b.txn([['r', 'a', []]], 'ok', 0);
    b.endTxn(t3);
    b.endTxn(t4);
    const verdict = checkListAppend(b.build(), session);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-nonadjacent-process']);
    expect(witnessOf(verdict, 'G-nonadjacent-process').edges?.map((e) => e.kind)).toEqual(['process', 'rw', 'wr', 'rw']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-session-snapshot-isolation']);
  });

  it('G2-item-process: write skew closed by process order', () => {
    const b = new HistoryBuilder();
    const t3 = b.startTxn(
      [
        ['r', 'b', []],
        ['append', 'a', 1],
      ],
      1,
    );
    b.txn([['append', 'b', 1]], 'ok', 0);
    b.txn([['r', 'a', []]], 'ok', 0);
    b.endTxn(t3);
    const verdict = checkListAppend(b.build(), session);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item-process']);
    expect(witnessOf(verdict, 'G2-item-process').edges?.map((e) => e.kind)).toEqual(['process', 'rw', 'rw']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-session-serializable']);
    expect(detailsOf(verdict).alsoNotModels).toEqual(['strict-serializable']);
  });

  it('is no anomaly at all for plain serializability', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'ok', 0);
    b.txn([['r', 'x', []]], 'ok', 0);
    expect(checkListAppend(b.build(), { consistencyModels: 'serializable' }).valid).toBe(true);
  });
});
