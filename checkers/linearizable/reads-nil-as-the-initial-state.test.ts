import { describe, expect, it } from 'vitest';
import { importEdnHistory } from '../../core/edn.js';
import { checkLinearizableSync } from './check.js';
import { history } from '../test-support/index.js';

// A completed read of nil is an observation (Jepsen's clients read an absent key as nil):
// the register was never written. With an initial value the unwritten register holds that
// value and may be read as it or as nil; once written, nil is read only where nil was
// written. Knossos's register models accept a nil read in any state (they treat nil as
// "unknown"); docs/checkers.md says why faultline does not: a stale read of the absent key is
// a real bug, and an unknown read is what `info` is for.

describe('completed nil reads', () => {
  it('see a register nobody wrote, with or without an initial value', () => {
    const events = history(['invoke', 0, 'read', null], ['ok', 0, 'read', null], ['invoke', 1, 'write', 1], ['ok', 1, 'write', 1]);
    expect(checkLinearizableSync(events, 'cas-register').valid).toBe(true);
    expect(checkLinearizableSync(events, 'cas-register', { initial: 0 }).valid).toBe(true);
  });

  it('see the initial value itself too: nil and 0 are the same unwritten register', () => {
    const events = history(
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', 0],
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', null],
      ['invoke', 1, 'cas', [0, 1]],
      ['ok', 1, 'cas', [0, 1]],
    );
    expect(checkLinearizableSync(events, 'cas-register', { initial: 0 }).valid).toBe(true);
  });

  it('after a completed write are stale reads, also when the write stored the initial value', () => {
    for (const written of [1, 0]) {
      const events = history(['invoke', 1, 'write', written], ['ok', 1, 'write', written], ['invoke', 0, 'read', null], ['ok', 0, 'read', null]);
      const verdict = checkLinearizableSync(events, 'cas-register', { initial: 0 });
      expect(verdict.valid).toBe(false);
      expect(verdict.failures?.[0].blocked[0].reason).toBe(`read null but the register holds ${written}`);
    }
    const plain = history(['invoke', 1, 'write', 1], ['ok', 1, 'write', 1], ['invoke', 0, 'read', null], ['ok', 0, 'read', null]);
    expect(checkLinearizableSync(plain, 'register').valid).toBe(false);
  });

  it('in an info completion say nothing', () => {
    const events = history(
      ['invoke', 1, 'write', 1],
      ['ok', 1, 'write', 1],
      ['invoke', 0, 'read', null],
      ['info', 0, 'read', null],
      ['invoke', 2, 'read', null],
      ['ok', 2, 'read', 1],
    );
    expect(checkLinearizableSync(events, 'register', { initial: 0 }).valid).toBe(true);
  });

  it('of a kv key with an initial value: absent reads as nil or as the initial value, and appends extend it', () => {
    const events = history(
      ['invoke', 0, 'read', null, 'k'],
      ['ok', 0, 'read', null, 'k'],
      ['invoke', 0, 'read', null, 'k'],
      ['ok', 0, 'read', '', 'k'],
      ['invoke', 1, 'append', 'a', 'k'],
      ['ok', 1, 'append', 'a', 'k'],
      ['invoke', 0, 'read', null, 'k'],
      ['ok', 0, 'read', 'a', 'k'],
    );
    expect(checkLinearizableSync(events, 'kv', { initial: '' }).valid).toBe(true);
    const stale = [...events, ...history(['invoke', 2, 'read', null, 'k'], ['ok', 2, 'read', null, 'k'])].map((op, index) => ({ ...op, index, time: index }));
    expect(checkLinearizableSync(stale, 'kv', { initial: '' }).valid).toBe(false);
  });
});

describe('Jepsen-shaped histories', () => {
  // An etcd-style register test as Jepsen writes it: keywords, one map per line, a read of the
  // key before anyone wrote it recorded as nil, and a stale nil read after a write completed.
  const REGISTER_EDN = `{:type :invoke, :f :read, :value nil, :process 0, :time 1000, :index 0}
{:type :ok, :f :read, :value nil, :process 0, :time 2000, :index 1}
{:type :invoke, :f :write, :value 3, :process 1, :time 3000, :index 2}
{:type :ok, :f :write, :value 3, :process 1, :time 4000, :index 3}
{:type :invoke, :f :cas, :value [3 4], :process 2, :time 5000, :index 4}
{:type :info, :f :cas, :value [3 4], :process 2, :time 6000, :index 5, :error :timeout}
{:type :invoke, :f :read, :value nil, :process 0, :time 7000, :index 6}
{:type :ok, :f :read, :value 4, :process 0, :time 8000, :index 7}
`;

  it('a Knossos cas-register history checks linearizable, and a stale nil read is caught', () => {
    const { history: events } = importEdnHistory(REGISTER_EDN);
    expect(checkLinearizableSync(events, 'cas-register').valid).toBe(true);
    const stale = importEdnHistory(`${REGISTER_EDN}{:type :invoke, :f :read, :value nil, :process 0, :time 9000, :index 8}
{:type :ok, :f :read, :value nil, :process 0, :time 9500, :index 9}
`).history;
    const verdict = checkLinearizableSync(stale, 'cas-register');
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.[0].deadline).toMatchObject({ index: 8, description: 'read null' });
  });

  it('a Knossos test history (one vector, no :index or :time, maps across lines) checks as Knossos checks it', () => {
    // Knossos's cas-register model with initial value 0: the read of 1 after the cas from 0 failed is not linearizable.
    const knossos = `[{:process 0, :type :invoke, :f :write, :value 0}
 {:process 0, :type :ok, :f :write, :value 0}
 {:process 1, :type :invoke, :f :cas, :value [0 1]}
 {:process 1, :type :fail, :f :cas, :value [0 1]}
 {:process 2, :type :invoke, :f :read, :value nil}
 {:process 2, :type :ok, :f :read, :value 1}]`;
    const events = importEdnHistory(knossos).history;
    expect(events.map((op) => op.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const verdict = checkLinearizableSync(events, 'cas-register', { initial: 0 });
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.[0].deadline).toMatchObject({ index: 4, description: 'read 1' });
    const withoutTheFail = importEdnHistory(knossos.replace(':type :fail, :f :cas', ':type :ok, :f :cas')).history;
    expect(checkLinearizableSync(withoutTheFail, 'cas-register', { initial: 0 }).valid).toBe(true);
  });

  it('independent keys as Jepsen writes them ([k v] tuples, in one EDN vector) split per key', () => {
    const edn = `[{:type :invoke, :f :write, :value [1 5], :process 0, :time 1, :index 0}
 {:type :invoke, :f :read, :value [2 nil], :process 1, :time 2, :index 1}
 {:type :ok, :f :write, :value [1 5], :process 0, :time 3, :index 2}
 {:type :ok, :f :read, :value [2 nil], :process 1, :time 4, :index 3}
 {:type :invoke, :f :read, :value [1 nil], :process 1, :time 5, :index 4}
 {:type :ok, :f :read, :value [1 nil], :process 1, :time 6, :index 5}]`;
    const verdict = checkLinearizableSync(importEdnHistory(edn).history, 'cas-register', { initial: 0 });
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.map((f) => f.key)).toEqual([1]);
    expect(verdict.stats?.partitions).toBe(2);
  });
});

describe('completed nil reads of the other models', () => {
  it('set: the empty set', () => {
    const before = history(['invoke', 0, 'read', null], ['ok', 0, 'read', null], ['invoke', 1, 'add', 1], ['ok', 1, 'add', 1]);
    expect(checkLinearizableSync(before, 'set').valid).toBe(true);
    const after = history(['invoke', 1, 'add', 1], ['ok', 1, 'add', 1], ['invoke', 0, 'read', null], ['ok', 0, 'read', null]);
    expect(checkLinearizableSync(after, 'set').valid).toBe(false);
  });

  it('fifo-queue: a dequeue that found the queue empty', () => {
    const events = history(
      ['invoke', 0, 'dequeue', null],
      ['ok', 0, 'dequeue', null],
      ['invoke', 1, 'enqueue', 1],
      ['ok', 1, 'enqueue', 1],
      ['invoke', 0, 'dequeue', null],
      ['ok', 0, 'dequeue', null],
    );
    const verdict = checkLinearizableSync(events, 'fifo-queue');
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.[0].deadline).toMatchObject({ index: 4, description: 'dequeue → empty' });
  });
});
