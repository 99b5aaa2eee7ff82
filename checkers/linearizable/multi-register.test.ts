import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { importEdnHistory } from '../../core/edn.js';
import { checkLinearizableSync } from './check.js';
import { linearizableChecker } from './checker.js';
import { history } from '../test-support/index.js';

// Knossos's multi-register: a transaction of reads and writes over several registers,
// linearizable as one operation, with a map of initial values.

describe('the multi-register model', () => {
  it('checks each transaction as one atomic step: a read sees every earlier write and its own', () => {
    const events = history(
      [
        'invoke',
        0,
        'txn',
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ],
      [
        'ok',
        0,
        'txn',
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ],
      [
        'invoke',
        1,
        'txn',
        [
          ['read', 'x', null],
          ['write', 'x', 2],
          ['read', 'x', null],
        ],
      ],
      [
        'ok',
        1,
        'txn',
        [
          ['read', 'x', 1],
          ['write', 'x', 2],
          ['read', 'x', 2],
        ],
      ],
      [
        'invoke',
        0,
        'txn',
        [
          ['read', 'x', null],
          ['read', 'y', null],
        ],
      ],
      [
        'ok',
        0,
        'txn',
        [
          ['read', 'x', 2],
          ['read', 'y', 1],
        ],
      ],
    );
    expect(checkLinearizableSync(events, 'multi-register').valid).toBe(true);
  });

  it('finds a read that saw half of another transaction', () => {
    const events = history(
      [
        'invoke',
        0,
        'txn',
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ],
      [
        'invoke',
        1,
        'txn',
        [
          ['read', 'x', null],
          ['read', 'y', null],
        ],
      ],
      [
        'ok',
        1,
        'txn',
        [
          ['read', 'x', 1],
          ['read', 'y', 0],
        ],
      ],
      [
        'ok',
        0,
        'txn',
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ],
    );
    const verdict = checkLinearizableSync(events, 'multi-register', { initial: { x: 0, y: 0 } });
    expect(verdict.valid).toBe(false);
    const failure = verdict.failures?.[0];
    expect(failure?.deadline.description).toBe('txn [[read x 1] [read y 0]]');
    expect(failure?.blocked.find((b) => b.index === 1)?.reason).toBe('read y = 0 but the registers hold {x: 1, y: 1}');
  });

  it('reads an unwritten register as its initial value or as nil, and a register the map does not name as nil', () => {
    const events = history(
      [
        'invoke',
        0,
        'txn',
        [
          ['read', 'x', null],
          ['read', 'y', null],
          ['read', 'z', null],
        ],
      ],
      [
        'ok',
        0,
        'txn',
        [
          ['read', 'x', 0],
          ['read', 'y', null],
          ['read', 'z', null],
        ],
      ],
    );
    expect(checkLinearizableSync(events, 'multi-register', { initial: { x: 0, y: 0 } }).valid).toBe(true);
    const zero = history(['invoke', 0, 'txn', [['read', 'z', null]]], ['ok', 0, 'txn', [['read', 'z', 0]]]);
    expect(checkLinearizableSync(zero, 'multi-register', { initial: { x: 0 } }).valid).toBe(false);
  });

  it('drops the reads of a transaction whose outcome is unknown, but keeps its writes', () => {
    const events = history(
      [
        'invoke',
        0,
        'txn',
        [
          ['read', 'x', null],
          ['write', 'x', 5],
        ],
      ],
      [
        'info',
        0,
        'txn',
        [
          ['read', 'x', null],
          ['write', 'x', 5],
        ],
      ],
      ['invoke', 1, 'txn', [['read', 'x', null]]],
      ['ok', 1, 'txn', [['read', 'x', 5]]],
    );
    expect(checkLinearizableSync(events, 'multi-register', { initial: { x: 0 } }).valid).toBe(true);
  });

  it('checks a Jepsen history (keywords, :read/:write micro-ops) taken through the EDN importer', () => {
    const edn = `{:type :invoke, :f :txn, :value [[:write :x 1] [:write :y 2]], :process 0, :time 10, :index 0}
{:type :ok, :f :txn, :value [[:write :x 1] [:write :y 2]], :process 0, :time 20, :index 1}
{:type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]], :process 1, :time 30, :index 2}
{:type :ok, :f :txn, :value [[:read :x 1] [:read :y nil]], :process 1, :time 40, :index 3}
`;
    const verdict = checkLinearizableSync(importEdnHistory(edn).history, 'multi-register', { initial: { x: 0, y: 0 } });
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.[0].deadline.description).toBe('txn [[read x 1] [read y null]]');
  });

  it('takes its initial map through the checker options, and refuses anything but a map', async () => {
    const events = history(['invoke', 0, 'txn', [['read', 'x', null]]], ['ok', 0, 'txn', [['read', 'x', 7]]]);
    expect((await linearizableChecker.check(events, { model: 'multi-register', initial: { x: 7 } })).valid).toBe(true);
    await expect(async () => linearizableChecker.check(events, { model: 'multi-register', initial: 7 })).rejects.toThrow(ConfigError);
    await expect(async () => linearizableChecker.check(events, { model: 'multi-register', initial: 7 })).rejects.toThrow(
      /takes a map from key to initial value, such as \{"x":0,"y":0\}; got 7/,
    );
  });
});
