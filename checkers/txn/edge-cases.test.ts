import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { findChecker } from '../registry.js';
import { checkListAppend } from './list-append/checker.js';
import { detailsOf } from './test-support/index.js';

describe('txn checkers at the edges', () => {
  it('answers unknown for a history without transactions', () => {
    const verdict = checkListAppend([]);
    expect(verdict.valid).toBe('unknown');
    expect(verdict.valid === 'unknown' && verdict.reason).toMatch(/no transactions/);
  });

  it('treats an invocation that never completed as indeterminate', () => {
    const b = new HistoryBuilder();
    b.startTxn([['append', 'x', 1]]);
    b.txn([['r', 'x', [1]]]);
    const verdict = checkListAppend(b.build());
    expect(verdict.valid).toBe(true);
    expect(detailsOf(verdict).stats).toMatchObject({ transactions: 2, ok: 1, info: 1 });
  });

  it('checks independent keys separately and says which key a witness came from', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]]);
    b.txn([['r', 'x', []]]);
    const keyed = b.build().map((op, i) => ({ ...op, key: i < 2 ? 'a' : 'b' }));
    // In key "b" nobody appended, so its empty read is fine; key "a" has no reads. Neither key
    // has a dependency between transactions, so there is nothing to decide (Elle's
    // empty-transaction-graph).
    const split = checkListAppend(keyed);
    expect(split.valid).toBe('unknown');
    expect(split.valid === 'unknown' && split.reason).toMatch(/^empty-transaction-graph: /);
    const same = b.build().map((op) => ({ ...op, key: 'a' }));
    const verdict = checkListAppend(same);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-realtime']);
    expect(detailsOf(verdict).anomalies['G-single-realtime']?.[0].independentKey).toBe('a');
  });

  it('answers unknown for transactions that depend on no other one (empty-transaction-graph)', () => {
    const b = new HistoryBuilder();
    b.txn([
      ['append', 'x', 1],
      ['r', 'x', [1]],
    ]);
    b.txn([['append', 'y', 1]]);
    b.txn([['r', 'z', []]]);
    const verdict = checkListAppend(b.build());
    expect(verdict.valid).toBe('unknown');
    expect(verdict.valid === 'unknown' && verdict.reason).toMatch(/^empty-transaction-graph: /);
    expect(detailsOf(verdict).stats.edges).toBe(0);
  });

  it('an anomaly inside one transaction still makes a history without dependencies invalid', () => {
    const b = new HistoryBuilder();
    b.txn([
      ['append', 'x', 1],
      ['r', 'x', []],
    ]);
    expect(checkListAppend(b.build()).valid).toBe(false);
  });

  it('counts every anomaly but keeps only maxWitnesses witnesses', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]], 'fail');
    for (let i = 0; i < 5; i++) b.txn([['r', 'x', [1]]]);
    const d = detailsOf(checkListAppend(b.build(), { maxWitnesses: 2 }));
    expect(d.anomalyCounts.G1a).toBe(5);
    expect(d.anomalies.G1a).toHaveLength(2);
  });

  it('answers unknown, naming the budget, when the cycle search runs out before deciding', () => {
    // Write skew is allowed under snapshot isolation, but with no budget the search cannot
    // tell whether a prohibited cycle hides in the component too.
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
    const verdict = checkListAppend(b.build(), { consistencyModels: 'snapshot-isolation', cycleSearchMaxEdges: 1 });
    expect(verdict.valid).toBe('unknown');
    expect(verdict.valid === 'unknown' && verdict.reason).toMatch(
      /^cycle search in a component of 2 transactions explored more than 1 edges \(cycleSearchMaxEdges\) before deciding G-single, G-nonadjacent/,
    );
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item']);
    expect(detailsOf(verdict).anomalies['G2-item']?.[0].minimal).toBe(false);
  });

  it('answers unknown when aborted', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]]);
    const controller = new AbortController();
    controller.abort();
    const verdict = checkListAppend(b.build(), {}, controller.signal);
    expect(verdict.valid).toBe('unknown');
    expect(verdict.valid === 'unknown' && verdict.reason).toMatch(/aborted/);
  });

  it('is registered under its Elle names', () => {
    expect(findChecker('list-append')?.name).toBe('list-append');
    expect(findChecker('rw-register')?.name).toBe('rw-register');
  });
});
