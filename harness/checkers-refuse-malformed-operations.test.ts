import { describe, expect, it } from 'vitest';
import { runCheckers } from './check.js';
import { HistoryFormatError } from '../core/errors.js';
import { validateHistory } from '../core/history-reader.js';

// Every checker declares the operations it reads; runCheckers validates them before the
// checker runs, so a malformed operation is refused with its file, line and field (the
// check command's exit 254), never a crash inside the checker. In a finished run the same
// refusal is that checker's `unknown`, with the reason.

type Event = [type: string, process: number, f: string, value: unknown];

function history(events: Event[]) {
  return validateHistory(events.map(([type, process, f, value], index) => ({ index, time: index, type, process, f, value })));
}

async function refusal(checker: string, events: Event[], options: Record<string, unknown> = {}): Promise<HistoryFormatError> {
  // Lines as if the file had a comment-free header line: the error must use the reader's lines.
  const lines = events.map((_, i) => i + 2);
  try {
    await runCheckers(history(events), [{ checker, options }], { source: { file: 'h.jsonl', lines }, badInput: 'throw' });
  } catch (err) {
    if (err instanceof HistoryFormatError) return err;
    throw err;
  }
  throw new Error(`${checker} accepted the history`);
}

describe('checkers refuse malformed operations before they run', () => {
  it.each([
    ['set-full', [['invoke', 0, 'add', { x: 1 }]], 2, 'value', /invoke add must be a string or a finite number, got \{"x":1\}/],
    [
      'set-full',
      [
        ['invoke', 0, 'read', null],
        ['ok', 0, 'read', [1, [2]]],
      ],
      3,
      'value[1]',
      /ok read must be a string or a finite number, got \[2\]/,
    ],
    ['counter', [['invoke', 0, 'add', '1']], 2, 'value', /must be a finite number, got "1"/],
    [
      'lost-update',
      [
        ['invoke', 0, 'increment', null],
        ['ok', 0, 'increment', [1]],
      ],
      3,
      'value',
      /must be \[a finite number, a finite number\]/,
    ],
    [
      'unique-ids',
      [
        ['invoke', 0, 'generate', null],
        ['ok', 0, 'generate', null],
      ],
      3,
      'value',
      /must be a value \(not null\)/,
    ],
    ['bank', [['invoke', 0, 'transfer', { from: 'a', to: 'b', amount: 'lots' }]], 2, 'value.amount', /must be a finite number, got "lots"/],
    [
      'bank',
      [
        ['invoke', 0, 'read', null],
        ['ok', 0, 'read', [1, 2]],
      ],
      3,
      'value',
      /must be an object/,
    ],
    [
      'lock',
      [
        ['invoke', 0, 'acquire', null],
        ['ok', 0, 'acquire', { token: 'x' }],
      ],
      3,
      'value.token',
      /must be a finite number or null, got "x"/,
    ],
    [
      'lock',
      [
        ['invoke', 0, 'release', null],
        ['ok', 0, 'release', 'yes'],
      ],
      3,
      'value',
      /must be true or false/,
    ],
    [
      'list-append',
      [
        [
          'invoke',
          0,
          'txn',
          [
            ['append', 'x', 1],
            ['r', ['k'], null],
          ],
        ],
      ],
      2,
      'value[1][1]',
      /\(the key\) must be a string or a finite number/,
    ],
    ['list-append', [['invoke', 0, 'txn', [['w', 'x', 1]]]], 2, 'value[0][0]', /must be one of "r", "append", got "w"/],
    [
      'list-append',
      [
        ['invoke', 0, 'txn', [['r', 'x', null]]],
        ['ok', 0, 'txn', [['r', 'x', 3]]],
      ],
      3,
      'value[0][2]',
      /must be a list, each element a string, a finite number or a boolean or null, got 3/,
    ],
    [
      'list-append',
      [
        ['invoke', 0, 'txn', [['r', 'x', null]]],
        ['ok', 0, 'txn', []],
      ],
      3,
      'value',
      /must list the same 1 micro-ops as its invocation, got 0/,
    ],
    ['rw-register', [['invoke', 0, 'txn', [['w', 'x', { v: 1 }]]]], 2, 'value[0][2]', /must be a string, a finite number or a boolean/],
    ['rw-register', [['invoke', 0, 'txn', 'oops']], 2, 'value', /must be a list of micro-ops/],
    ['linearizable', [['invoke', 0, 'cas', 5]], 2, 'value', /invoke cas must be \[any value, any value\], got 5/],
    ['linearizable', [['invoke', 0, 'enqueue', 1]], 2, 'f', /"enqueue" is not an operation the linearizable checker knows \(expected read, write, cas\)/],
  ] as [string, Event[], number, string, RegExp][])('%s: %j', async (checker, events, line, field, message) => {
    const err = await refusal(checker, events);
    expect(err).toMatchObject({ file: 'h.jsonl', line, field });
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(new RegExp(`^h\\.jsonl:${line}: field "${field.replace(/[[\]().]/g, '\\$&')}" `));
  });

  it('the shape follows the options: kv takes append, cas-register does not', async () => {
    const events: Event[] = [
      ['invoke', 0, 'append', 'a'],
      ['ok', 0, 'append', 'a'],
    ];
    await expect(refusal('linearizable', events, { model: 'cas-register' })).resolves.toMatchObject({ field: 'f' });
    const read: Event[] = [...events, ['invoke', 1, 'read', null], ['ok', 1, 'read', 'a']];
    const kv = await runCheckers(history(read), [{ checker: 'linearizable', options: { model: 'kv' } }], { badInput: 'throw' });
    expect(kv.valid).toBe(true);
  });

  it('passes what the checker skips: other operation names and nemesis events', async () => {
    const events: Event[] = [
      ['invoke', 0, 'frobnicate', { deep: [1] }],
      ['ok', 0, 'frobnicate', 'whatever'],
    ];
    const result = await runCheckers(history(events), [{ checker: 'set-full' }, { checker: 'counter' }], { badInput: 'throw' });
    expect(Object.keys(result.checkers)).toEqual(['set-full', 'counter']);
  });

  it('in a finished run, a refusal is that checker unknown with the reason; the others still answer', async () => {
    const events: Event[] = [
      ['invoke', 0, 'add', 'one'],
      ['ok', 0, 'add', 'one'],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', 1],
    ];
    const result = await runCheckers(history(events), [{ checker: 'counter' }, { checker: 'stats' }]);
    expect(result.valid).toBe('unknown');
    expect(result.checkers.counter).toMatchObject({
      valid: 'unknown',
      reason: expect.stringMatching(/^bad input: history:1: field "value" invoke add must be a finite number/),
    });
    expect(result.checkers.stats.valid).toBe(true);
  });

  it('a bad option is refused in check and unknown in a run', async () => {
    const events: Event[] = [
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', null],
    ];
    await expect(runCheckers(history(events), [{ checker: 'linearizable', options: { model: 'stack' } }], { badInput: 'throw' })).rejects.toThrow(
      /linearizable option "model": expected one of/,
    );
    const result = await runCheckers(history(events), [{ checker: 'linearizable', options: { model: 'stack' } }]);
    expect(result.checkers.linearizable).toMatchObject({ valid: 'unknown', reason: expect.stringMatching(/^bad input: linearizable option "model"/) });
  });
});
