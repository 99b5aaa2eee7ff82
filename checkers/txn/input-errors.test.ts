import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../test-support/index.js';
import { HistoryFormatError } from '../../core/errors.js';
import { checkListAppend } from './list-append/checker.js';
import { checkRwRegister } from './rw-register/checker.js';

describe('bad transaction histories', () => {
  it('names the line and values of a repeated append', () => {
    const b = new HistoryBuilder();
    b.txn([['append', 'x', 1]]);
    b.txn([['append', 'x', 1]]);
    expect(() => checkListAppend(b.build())).toThrow(HistoryFormatError);
    expect(() => checkListAppend(b.build())).toThrow(
      'history:4: field "value" (index 3) appends 1 to key "x", which the transaction at index 1 also appends; appended values must be unique per key',
    );
  });

  it('names a micro-op of the wrong workload', () => {
    const b = new HistoryBuilder();
    b.txn([['w', 'x', 1]]);
    expect(() => checkListAppend(b.build())).toThrow(/history:2: field "value" \(index 1\) micro-op 0 \["w","x",1\] is not a list-append micro-op/);
    const c = new HistoryBuilder();
    c.txn([['append', 'x', 1]]);
    expect(() => checkRwRegister(c.build())).toThrow(/is not a rw-register micro-op \(expected "r" or "w"\)/);
  });

  it('names a read of the wrong shape', () => {
    const b = new HistoryBuilder();
    b.txn([['r', 'x', 3]]);
    expect(() => checkListAppend(b.build())).toThrow(/micro-op 0 reads 3; a list-append read must return a list or null/);
    const c = new HistoryBuilder();
    c.txn([['r', 'x', [3]]]);
    expect(() => checkRwRegister(c.build())).toThrow(/a register read must return a string, number, boolean or null/);
  });

  it('names a completion with a different number of micro-ops than its invocation', () => {
    const history = new HistoryBuilder().build();
    history.push({ index: 0, time: 0, type: 'invoke', process: 0, f: 'txn', value: [['r', 'x', null]] });
    history.push({
      index: 1,
      time: 1,
      type: 'ok',
      process: 0,
      f: 'txn',
      value: [
        ['r', 'x', []],
        ['r', 'y', []],
      ],
    });
    expect(() => checkListAppend(history)).toThrow(/history:2: .*the completion must list the same 1 micro-ops as its invocation at index 0/);
  });

  it('names a transaction whose value is not a list', () => {
    const history = [{ index: 0, time: 0, type: 'invoke' as const, process: 0, f: 'txn', value: 'oops' }];
    expect(() => checkListAppend(history)).toThrow(/history:1: field "value" \(index 0\) a transaction's value must be a list of micro-ops, got "oops"/);
  });
});
