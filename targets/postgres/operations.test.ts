import { describe, expect, it } from 'vitest';
import { operationBody, type OperationContext } from './operations.js';
import { tablesFor } from './schema.js';

// Operations a workload cannot perform fail before anything is sent, saying why.

const context: OperationContext = { tables: tablesFor('t_'), accounts: [0, 1, 2] };
const op = (f: string, value: unknown, key?: number) => ({ process: 0, f, value, ...(key === undefined ? {} : { key }) });

describe('operations the postgres workloads accept', () => {
  it('runs each workload’s own operations', () => {
    const accepted: [Parameters<typeof operationBody>[0], ReturnType<typeof op>][] = [
      [
        'list-append',
        op('txn', [
          ['r', 1, null],
          ['append', 1, 4],
        ]),
      ],
      [
        'rw-register',
        op('txn', [
          ['w', 2, 7],
          ['r', 2, null],
        ]),
      ],
      ['counter', op('increment', null, 0)],
      ['counter', op('read', null, 1)],
      ['bank', op('transfer', { from: 0, to: 2, amount: 3 })],
      ['bank', op('read', null)],
      ['set', op('add', 17)],
      ['set', op('read', null)],
    ];
    for (const [workload, invocation] of accepted) expect(typeof operationBody(workload, invocation, context)).toBe('function');
  });

  it('refuses micro-ops of the other transactional workload, naming the one at fault', () => {
    expect(operationBody('list-append', op('txn', [['w', 1, 2]]), context)).toMatch(
      /micro-op \["w",1,2\] is not \["r", key, null\] or \["append", key, value\]/,
    );
    expect(operationBody('rw-register', op('txn', [['append', 1, 2]]), context)).toMatch(/\["w", key, value\]/);
  });

  it('refuses keys and values the tables cannot hold', () => {
    expect(operationBody('list-append', op('txn', [['r', 'x', null]]), context)).toMatch(/integer keys/);
    expect(operationBody('list-append', op('txn', [['append', 1, 2 ** 40]]), context)).toMatch(/integer keys and values/);
    expect(operationBody('list-append', op('txn', 'nope'), context)).toMatch(/a txn value must be a list/);
    expect(operationBody('counter', op('increment', null), context)).toMatch(/integer key/);
    expect(operationBody('bank', op('transfer', { from: 0, to: 1, amount: 0 }), context)).toMatch(/positive amount/);
    expect(operationBody('set', op('add', 'a'), context)).toMatch(/integer element/);
  });

  it('refuses operations from another workload', () => {
    expect(operationBody('bank', op('increment', null, 0), context)).toBe('the bank workload cannot perform "increment"');
    expect(operationBody('set', op('txn', []), context)).toBe('the set workload cannot perform "txn"');
  });
});
