import { describe, expect, it } from 'vitest';
import { linearizableChecker } from '../../checkers/linearizable/index.js';
import { lockChecker } from '../../checkers/lock/index.js';
import { setFullChecker } from '../../checkers/loss/index.js';
import { listAppendChecker } from '../../checkers/txn/index.js';
import type { Verdict } from '../../core/verdict.js';
import { HistoryBuilder } from '../../checkers/test-support/index.js';
import { anomalyContext } from './anomaly-context.js';

// Histories written the way a run (or Jepsen) writes them, with nemesis events; the real
// checkers find the anomaly, and the context layer names each operation's node and the faults
// in force at its invocation and completion.

const isolateN1 = { topology: 'isolate-one', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } };

describe('anomalies in context', () => {
  it('a stale read: the read on the cut-off node names it and the partition, the write on the majority names its own side', async () => {
    const h = new HistoryBuilder();
    h.at(1.0).invoke(0, 'write', 2, undefined, { node: 'n2' });
    h.at(1.1).ok(0, 2, { node: 'n2' });
    h.at(4.7).nemesis('start-partition', isolateN1);
    h.at(4.75).invoke(0, 'write', 3, undefined, { node: 'n2' });
    h.at(4.8).ok(0, 3, { node: 'n2' });
    h.at(4.82).invoke(1, 'read', null, undefined, { node: 'n1' });
    h.at(4.9).ok(1, 2, { node: 'n1' });
    h.at(11.4).nemesis('stop-partition', 'network healed');
    const ops = h.build();
    const checkers: Record<string, Verdict> = { linearizable: await linearizableChecker.check(ops, { model: 'register', initial: null }) };
    expect(checkers.linearizable.valid).toBe(false);

    const context = anomalyContext(ops, checkers);
    expect(context.anomalies).toHaveLength(1);
    const [anomaly] = context.anomalies;
    expect(anomaly).toMatchObject({ checker: 'linearizable', kind: 'nonlinearizable', faults: ['partition #1'], nodes: ['n1', 'n2'] });
    const read = anomaly.operations.find((o) => o.index === 5)!;
    expect(read).toMatchObject({
      node: 'n1',
      sentTo: 'n1',
      outcome: 'ok',
      faultsAtInvoke: ['partition #1'],
      faultsAtComplete: ['partition #1'],
      completeIndex: 6,
    });
    expect(read.text).toBe('read 2 on n1 at 4.820–4.900 s, while n1 was cut off from n2 and n3 (partition #1, 4.70 s to 11.40 s)');
    const write = anomaly.operations.find((o) => o.index === 3)!;
    expect(write.text).toBe('write 3 on n2 at 4.750–4.800 s, while n2 was cut off from n1 (partition #1, 4.70 s to 11.40 s)');
    // The end of the linearizable prefix is part of the story too: the write before the partition.
    expect(anomaly.operations.map((o) => [o.role, o.index])).toEqual([
      ['deadline', 5],
      ['linearized 1 of 2', 0],
      ['linearized 2 of 2', 3],
    ]);
    expect(anomaly.operations[1].text).toBe('write 2 on n2 at 1.000–1.100 s, with no fault in force');
  });

  it('a transaction cycle: each transaction with its node, and a kill in force at one end only', async () => {
    const T1 = [
      ['append', 'x', 1],
      ['append', 'y', 1],
    ];
    const T2 = [
      ['append', 'x', 2],
      ['append', 'y', 2],
    ];
    const h = new HistoryBuilder();
    h.at(1.0).invoke(0, 'txn', T1, undefined, { node: 'n1' });
    h.at(1.1).invoke(1, 'txn', T2, undefined, { node: 'n2' });
    h.at(1.5).nemesis('kill', { nodes: ['n3'] });
    h.at(2.0).ok(0, T1, { node: 'n1' });
    h.at(2.1).ok(1, T2, { node: 'n2' });
    h.at(3.0).nemesis('start', { nodes: ['n3'] });
    h.at(4.0).invoke(
      2,
      'txn',
      [
        ['r', 'x', null],
        ['r', 'y', null],
      ],
      undefined,
      { node: 'n3' },
    );
    h.at(4.1).ok(
      2,
      [
        ['r', 'x', [1, 2]],
        ['r', 'y', [2, 1]],
      ],
      { node: 'n3' },
    );
    const ops = h.build();
    const checkers: Record<string, Verdict> = { 'list-append': await listAppendChecker.check(ops, {}) };
    expect(checkers['list-append'].valid).toBe(false);

    const context = anomalyContext(ops, checkers);
    const cycle = context.anomalies.find((a) => a.kind === 'G0')!;
    expect(cycle.operations.map((o) => [o.role, o.index, o.node])).toEqual([
      ['T3', 0, 'n1'],
      ['T4', 1, 'n2'],
    ]);
    const t1 = cycle.operations.find((o) => o.index === 0)!;
    expect(t1).toMatchObject({ faultsAtInvoke: [], faultsAtComplete: ['kill #1'] });
    expect(t1.text).toMatch(
      /^txn .* on n1 at 1\.000–2\.000 s; at its invocation no fault was in force; at its completion n3 was killed \(kill #1, 1\.50 s to 3\.00 s\)$/,
    );
  });

  it('a lost set element: the add, the last read that saw it and the first that missed it, each with its node and the kill around it', async () => {
    const everyNode = { nodes: ['n1', 'n2', 'n3'] };
    const h = new HistoryBuilder();
    h.at(1.0).invoke(0, 'add', 7, undefined, { node: 'n1' });
    h.at(1.1).ok(0, 7, { node: 'n1' });
    h.at(1.2).invoke(1, 'read', null, undefined, { node: 'n2' });
    h.at(1.3).ok(1, [7], { node: 'n2' });
    h.at(2.0).nemesis('kill', everyNode);
    h.at(2.5).invoke(0, 'add', 8, undefined, { node: 'n1' });
    h.at(3.5).info(0, 8, { error: 'timeout after 1000 ms' });
    h.at(4.0).nemesis('start', everyNode);
    h.at(5.0).invoke(1, 'read', null, undefined, { node: 'n2' });
    h.at(5.1).ok(1, [], { node: 'n2' });
    h.at(6.0).invoke(2, 'read', null, undefined, { node: 'n3' });
    h.at(6.1).ok(2, [], { node: 'n3' });
    const ops = h.build();
    const checkers: Record<string, Verdict> = { 'set-full': await setFullChecker.check(ops, {}) };
    expect(checkers['set-full'].valid).toBe(false);

    const context = anomalyContext(ops, checkers);
    const lost = context.anomalies.find((a) => a.kind === 'lost element')!;
    expect(lost.title).toBe('element 7 lost');
    expect(lost.operations.map((o) => [o.role, o.node, o.text])).toEqual([
      ['add', 'n1', 'add 7 on n1 at 1.000–1.100 s, with no fault in force'],
      ['last read that saw it', 'n2', 'read [7] on n2 at 1.200–1.300 s, with no fault in force'],
      ['first read that missed it for good', 'n2', 'read [] on n2 at 5.000–5.100 s, with no fault in force'],
    ]);
    // The timed-out add during the kill has no answering node: it says where it was sent.
    const window = context.faultWindows.find((w) => w.id === 'kill #1')!;
    expect(window).toMatchObject({ nodes: ['n1', 'n2', 'n3'], coverage: { invoked: 1, ok: 0, fail: 0, info: 1 } });
    expect(window.coverage.byNode.n1).toEqual({ invoked: 1, ok: 0, fail: 0, info: 1 });
  });

  it('overlapping lock holders: both acquires and the release, on their lock-client nodes, during a pause', async () => {
    const h = new HistoryBuilder();
    h.at(1.0).invoke(0, 'acquire', null, undefined, { node: 'c1' });
    h.at(1.1).ok(0, { token: null, validityMs: null }, { node: 'c1' });
    h.at(1.5).nemesis('pause', { nodes: ['c1'] });
    h.at(2.0).invoke(1, 'acquire', null, undefined, { node: 'c2' });
    h.at(2.1).ok(1, { token: null, validityMs: null }, { node: 'c2' });
    h.at(3.0).nemesis('resume', { nodes: ['c1'] });
    h.at(3.5).invoke(0, 'release', { token: null }, undefined, { node: 'c1' });
    h.at(3.6).ok(0, true, { node: 'c1' });
    h.at(4.0).invoke(1, 'release', { token: null }, undefined, { node: 'c2' });
    h.at(4.1).ok(1, true, { node: 'c2' });
    const ops = h.build();
    const checkers: Record<string, Verdict> = { lock: await lockChecker.check(ops, {}) };
    expect(checkers.lock.valid).toBe(false);

    const context = anomalyContext(ops, checkers);
    const overlap = context.anomalies.find((a) => a.kind === 'overlapping holders')!;
    expect(overlap.title).toBe('the lock held by processes 0 and 1 at once');
    expect(overlap.nodes).toEqual(['c1', 'c2']);
    const second = overlap.operations.find((o) => o.role === "second holder's acquire")!;
    expect(second.text).toBe('acquire {"token":null,"validityMs":null} on c2 at 2.000–2.100 s, while c1 was paused (pause #1, 1.50 s to 3.00 s)');
    expect(overlap.faults).toEqual(['pause #1']);
  });

  it('an operation sent to one node and answered by another, an unknown outcome, and a fault still on at the end', () => {
    const h = new HistoryBuilder();
    h.at(1.0).nemesis('bump-clock', { offsets: { n1: -16384 }, primary: 'n1' });
    h.at(2.0).invoke(0, 'write', 1, undefined, { node: 'n2' });
    h.at(2.1).ok(0, 1, { node: 'n1' });
    h.at(3.0).invoke(1, 'write', 2, undefined, { node: 'n3' });
    const ops = h.build();
    const context = anomalyContext(ops, { made: { valid: false, writes: [{ index: 1 }, { index: 3 }] } as Verdict });
    const [a, b] = context.anomalies;
    expect(a.operations[0].text).toBe(
      "write 1 sent to n2, answered by n1 at 2.000–2.100 s, while n1's clock was -16384 ms off (clock #1, from 1.00 s to the end of the history)",
    );
    expect(b.operations[0]).toMatchObject({ outcome: 'info', completeIndex: null, node: 'n3' });
    expect(b.operations[0].text).toBe(
      "write 2 sent to n3 at 3.000 s, outcome unknown (never completed), invoked while n1's clock was -16384 ms off (clock #1, from 1.00 s to the end of the history)",
    );
  });

  it('a history without nemesis events or nodes still gets its anomalies, saying what it does not know', async () => {
    const h = new HistoryBuilder();
    h.at(1.0).invoke(0, 'write', 1);
    h.at(1.1).ok(0, 1);
    h.at(2.0).invoke(1, 'read', null);
    h.at(2.1).ok(1, 0);
    const ops = h.build();
    const checkers: Record<string, Verdict> = { linearizable: await linearizableChecker.check(ops, { model: 'register', initial: 0 }) };
    const context = anomalyContext(ops, checkers);
    expect(context.faultWindows).toEqual([]);
    expect(context.anomalies[0].operations.find((o) => o.index === 2)!.text).toBe('read 0 on an unrecorded node at 2.000–2.100 s, with no fault in force');
  });
});
