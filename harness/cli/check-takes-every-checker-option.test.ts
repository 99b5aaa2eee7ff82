import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { flagName } from '../../core/checker-options.js';
import { allCheckers } from '../../checkers/registry.js';
import { builtCliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// `faultline check` as a user types it: the built CLI in a child process, with every option of
// every checker on the command line. A checker option that is added without a case here fails
// the coverage test at the bottom.

const tempDir = useTempDir();

type Event = [type: 'invoke' | 'ok' | 'fail' | 'info', process: number, f: string, value: unknown];

function historyFile(events: Event[]): string {
  const file = join(tempDir(), 'h.jsonl');
  writeFileSync(file, events.map(([type, process, f, value], index) => `${JSON.stringify({ index, time: index * 10, type, process, f, value })}\n`).join(''));
  return file;
}

async function check(file: string, args: string[]) {
  const [node, argv] = builtCliCommand(['check', file, ...args]);
  return execa(node, argv, { reject: false });
}

const txnHistory = (write: string): Event[] => [
  ['invoke', 0, 'txn', [[write, 'x', 1]]],
  ['ok', 0, 'txn', [[write, 'x', 1]]],
  ['invoke', 1, 'txn', [['r', 'x', null]]],
  ['ok', 1, 'txn', [['r', 'x', write === 'append' ? [1] : 1]]],
];

/** For each checker: a history of its kind and a command line naming every option it takes. */
const CASES: Record<string, { events: Event[]; args: string[]; expectExit: number }> = {
  linearizable: {
    events: [
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', 0],
      ['invoke', 0, 'cas', [0, 1]],
      ['ok', 0, 'cas', [0, 1]],
    ],
    args: ['--model', 'cas-register', '--initial', '0', '--timeout', '10s', '--max-states', '1000', '--workers', '0'],
    expectExit: 0,
  },
  'list-append': {
    events: txnHistory('append'),
    args: [
      '--consistency-models',
      'serializable',
      '--anomalies',
      'G1a,G0',
      '--cycle-search-timeout-ms',
      '500',
      '--cycle-search-max-edges',
      '10000',
      '--max-witnesses',
      '2',
    ],
    expectExit: 0,
  },
  'rw-register': {
    events: txnHistory('w'),
    args: [
      '--consistency-models',
      'PL-2.99',
      '--anomalies',
      'G1c',
      '--cycle-search-timeout-ms',
      '500',
      '--cycle-search-max-edges',
      '10000',
      '--max-witnesses',
      '2',
      '--wfr-keys',
      '--sequential-keys',
      '--linearizable-keys',
    ],
    expectExit: 0,
  },
  'set-full': {
    events: [
      ['invoke', 0, 'add', 1],
      ['ok', 0, 'add', 1],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', [1]],
    ],
    args: ['--linearizable', '--limit', '5'],
    expectExit: 0,
  },
  counter: {
    events: [
      ['invoke', 0, 'add', 1],
      ['ok', 0, 'add', 1],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', 6],
    ],
    args: ['--initial', '5', '--limit', '3'],
    expectExit: 0,
  },
  bank: {
    events: [
      ['invoke', 0, 'transfer', { from: 'a', to: 'b', amount: 1 }],
      ['ok', 0, 'transfer', { from: 'a', to: 'b', amount: 1 }],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', { a: 9, b: 11 }],
    ],
    args: ['--total', '20', '--accounts', 'a,b', '--initial-balance', '10', '--negative-balances', '--limit', '5'],
    expectExit: 0,
  },
  'lost-update': {
    events: [
      ['invoke', 0, 'increment', null],
      ['ok', 0, 'increment', [5, 6]],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', 6],
    ],
    args: ['--initial', '5', '--limit', '2'],
    expectExit: 0,
  },
  'unique-ids': {
    events: [
      ['invoke', 0, 'generate', null],
      ['ok', 0, 'generate', 1],
      ['invoke', 1, 'generate', null],
      ['ok', 1, 'generate', 2],
    ],
    args: ['--limit', '2'],
    expectExit: 0,
  },
  lock: {
    events: [
      ['invoke', 0, 'acquire', null],
      ['ok', 0, 'acquire', { token: 1, validityMs: 1000 }],
      ['invoke', 0, 'release', null],
      ['ok', 0, 'release', true],
    ],
    args: ['--validity-ms', '500', '--limit', '3'],
    expectExit: 0,
  },
  stats: {
    events: [
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', 1],
    ],
    args: [],
    expectExit: 0,
  },
};

describe('faultline check takes every checker option from the command line (built CLI, child process)', () => {
  it.each(Object.keys(CASES))('%s: every option it declares', async (name) => {
    const { events, args, expectExit } = CASES[name];
    const result = await check(historyFile(events), ['--checker', name, ...args, '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(expectExit);
    expect(JSON.parse(result.stdout).checkers[name].valid).toBe(true);
  });

  it('--initial takes JSON: the same read is valid or invalid by the initial value', async () => {
    const file = historyFile([
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', 0],
    ]);
    expect((await check(file, ['--checker', 'linearizable', '--model', 'register', '--initial', '0'])).exitCode).toBe(0);
    expect((await check(file, ['--checker', 'linearizable', '--model', 'register'])).exitCode).toBe(1);
    expect((await check(file, ['--checker', 'linearizable', '--model', 'register', '--initial', '"0"'])).exitCode).toBe(1);
    const word = historyFile([
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', 'empty'],
    ]);
    expect((await check(word, ['--checker', 'linearizable', '--model', 'register', '--initial', 'empty'])).exitCode).toBe(0);
    const blank = historyFile([
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', ''],
    ]);
    expect((await check(blank, ['--checker', 'linearizable', '--model', 'register', '--initial', '""'])).exitCode).toBe(0);
    const nil = historyFile([
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', null],
    ]);
    expect((await check(nil, ['--checker', 'linearizable', '--model', 'register', '--initial', 'null'])).exitCode).toBe(0);
  });

  it('a checker option changes the verdict: counter --initial', async () => {
    const file = historyFile(CASES.counter.events);
    const without = await check(file, ['--checker', 'counter']);
    expect(without.exitCode).toBe(1);
  });

  it('one option goes to every named checker that takes it', async () => {
    const file = historyFile([
      ['invoke', 0, 'read', null],
      ['ok', 0, 'read', 5],
    ]);
    const result = await check(file, ['--checker', 'linearizable', '--checker', 'counter', '--initial', '5', '--limit', '1', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).checkers).toMatchObject({ linearizable: { valid: true }, counter: { valid: true } });
  });

  it('refuses an option no named checker takes, with exit 254, naming the options they take', async () => {
    const file = historyFile(CASES.stats.events);
    const stray = await check(file, ['--checker', 'linearizable', '--limit', '3']);
    expect(stray.exitCode).toBe(254);
    expect(stray.stderr).toBe(
      'faultline: --limit is not an option of linearizable: the options linearizable takes are --model, --initial, --timeout, --max-states, --workers (--limit is an option of set-full, counter, bank, lost-update, unique-ids, lock)',
    );
    const none = await check(file, ['--checker', 'stats', '--model', 'kv']);
    expect(none.exitCode).toBe(254);
    expect(none.stderr).toContain('--model is not an option of stats: stats takes no options');
    const typo = await check(file, ['--checker', 'linearizable', '--modle', 'kv']);
    expect(typo.exitCode).toBe(254);
    expect(typo.stderr).toContain('--modle is not an option of linearizable');
  });

  it('refuses a bad option value with exit 254, quoting it, before reading the history', async () => {
    const result = await check('/nonexistent/history.jsonl', ['--checker', 'linearizable', '--timeout', 'soon']);
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toBe('faultline: linearizable option "timeout": expected a duration such as 60s, 500ms, 2m or a number of seconds, got "soon"');
    const twice = await check('/nonexistent/history.jsonl', ['--checker', 'linearizable', '--model', 'kv', '--model', 'set']);
    expect(twice.exitCode).toBe(254);
    expect(twice.stderr).toContain('--model is given more than once');
  });

  it('check --help lists every option of every checker under its checker', async () => {
    const [node, argv] = builtCliCommand(['check', '--help']);
    const help = (await execa(node, argv)).stdout;
    for (const checker of allCheckers()) {
      const section = help.slice(help.indexOf(`\n  ${checker.name}`));
      expect(section, checker.name).toMatch(new RegExp(`^\\n  ${checker.name}`));
      for (const d of checker.options ?? []) expect(section, `${checker.name} --${flagName(d.name)}`).toContain(`--${flagName(d.name)}`);
    }
  });

  it('covers every option of every registered checker', () => {
    for (const checker of allCheckers()) {
      const covered = CASES[checker.name];
      expect(covered, `a case for ${checker.name}`).toBeDefined();
      for (const d of checker.options ?? []) expect(covered.args, `${checker.name} --${flagName(d.name)}`).toContain(`--${flagName(d.name)}`);
    }
  });
});
