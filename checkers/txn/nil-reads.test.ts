import { describe, expect, it } from 'vitest';
import { importEdnHistory } from '../../core/edn.js';
import { parseHistoryJsonl } from '../../core/history-reader.js';
import { checkListAppend } from './list-append/checker.js';
import { checkRwRegister } from './rw-register/checker.js';
import { detailsOf, witnessOf } from './test-support/index.js';

// Jepsen's clients record a read of a key nobody wrote as nil, in a completed transaction
// too, and Elle reads that nil as the key's initial state: the empty list for list-append,
// the initial version for rw-register. Only in an invocation or an `info` does nil mean "not
// known". So two transactions that each append to one key and read the other as nil are a
// plain write skew (G2-item), whichever file format the history arrives in.

const LIST_APPEND_EDN = `{:type :invoke, :f :txn, :value [[:append 1 1] [:r 2 nil]], :time 1000, :process 0, :index 0}
{:type :invoke, :f :txn, :value [[:append 2 1] [:r 1 nil]], :time 1100, :process 1, :index 1}
{:type :ok, :f :txn, :value [[:append 1 1] [:r 2 nil]], :time 2000, :process 0, :index 2}
{:type :ok, :f :txn, :value [[:append 2 1] [:r 1 nil]], :time 2100, :process 1, :index 3}
`;

const LIST_APPEND_JSONL = `{"index":0,"time":1000,"type":"invoke","process":0,"f":"txn","value":[["append","x",1],["r","y",null]]}
{"index":1,"time":1100,"type":"invoke","process":1,"f":"txn","value":[["append","y",1],["r","x",null]]}
{"index":2,"time":2000,"type":"ok","process":0,"f":"txn","value":[["append","x",1],["r","y",null]]}
{"index":3,"time":2100,"type":"ok","process":1,"f":"txn","value":[["append","y",1],["r","x",null]]}
`;

const RW_REGISTER_EDN = `{:type :invoke, :f :txn, :value [[:r :x nil] [:w :y 1]], :time 1000, :process 0, :index 0}
{:type :invoke, :f :txn, :value [[:r :y nil] [:w :x 1]], :time 1100, :process 1, :index 1}
{:type :ok, :f :txn, :value [[:r :x nil] [:w :y 1]], :time 2000, :process 0, :index 2}
{:type :ok, :f :txn, :value [[:r :y nil] [:w :x 1]], :time 2100, :process 1, :index 3}
`;

describe('a committed read of nil saw the initial state', () => {
  it('list-append, Jepsen EDN: the write skew is G2-item', () => {
    const verdict = checkListAppend(importEdnHistory(LIST_APPEND_EDN).history);
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item']);
    expect(witnessOf(verdict, 'G2-item').explanation).toEqual([
      "T2 < T3 because T2 read key 2 as nil (the empty list), which does not include T3's append of 1",
      "T3 < T2 because T3 read key 1 as nil (the empty list), which does not include T2's append of 1",
    ]);
  });

  it('list-append, JSONL: the same history, the same anomaly', () => {
    const verdict = checkListAppend(parseHistoryJsonl(LIST_APPEND_JSONL).history);
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item']);
  });

  it('list-append: nil and [] mean the same in a completed read', () => {
    const withEmptyLists = parseHistoryJsonl(
      LIST_APPEND_JSONL.replaceAll(
        '"ok","process":0,"f":"txn","value":[["append","x",1],["r","y",null]]',
        '"ok","process":0,"f":"txn","value":[["append","x",1],["r","y",[]]]',
      ),
    ).history;
    expect(detailsOf(checkListAppend(withEmptyLists)).anomalyTypes).toEqual(['G2-item']);
  });

  it('list-append: a nil read after a committed append is a stale read of the empty list', () => {
    // T1 appends and completes before T2 starts, and T2 still reads the key as nil.
    const history = parseHistoryJsonl(
      [
        '{"index":0,"time":1,"type":"invoke","process":0,"f":"txn","value":[["append","x",1]]}',
        '{"index":1,"time":2,"type":"ok","process":0,"f":"txn","value":[["append","x",1]]}',
        '{"index":2,"time":3,"type":"invoke","process":1,"f":"txn","value":[["r","x",null]]}',
        '{"index":3,"time":4,"type":"ok","process":1,"f":"txn","value":[["r","x",null]]}',
      ].join('\n'),
    ).history;
    const verdict = checkListAppend(history);
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-realtime']);
    expect(checkListAppend(history, { consistencyModels: 'serializable' }).valid).toBe(true);
  });

  it('list-append: nil in an invocation or an info completion is not an observation', () => {
    const history = parseHistoryJsonl(
      [
        '{"index":0,"time":1,"type":"invoke","process":0,"f":"txn","value":[["append","x",1],["r","y",null]]}',
        '{"index":1,"time":2,"type":"invoke","process":1,"f":"txn","value":[["append","y",1],["r","x",null]]}',
        '{"index":2,"time":3,"type":"ok","process":0,"f":"txn","value":[["append","x",1],["r","y",[1]]]}',
        '{"index":3,"time":4,"type":"info","process":1,"f":"txn","value":[["append","y",1],["r","x",null]]}',
      ].join('\n'),
    ).history;
    expect(checkListAppend(history).valid).toBe(true);
  });

  it('rw-register, Jepsen EDN: nil is the initial version, so the write skew is G2-item', () => {
    const verdict = checkRwRegister(importEdnHistory(RW_REGISTER_EDN).history);
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G2-item']);
  });
});
