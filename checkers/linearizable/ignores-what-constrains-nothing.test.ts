import { expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

// Jepsen's semantics: nemesis events, failed operations and reads of unknown outcome
// constrain nothing, whatever values they carry.

it('ignores nemesis events, failed cas and info reads', async () => {
  const events = history(
    ['invoke', 0, 'write', 1],
    ['ok', 0, 'write', 1],
    ['info', 'nemesis', 'start-partition', { n1: ['n2'] }],
    ['invoke', 1, 'cas', [7, 8]],
    ['fail', 1, 'cas', [7, 8]],
    ['invoke', 2, 'read', null],
    ['info', 2, 'read', 42],
    ['invoke', 0, 'read', null],
    ['ok', 0, 'read', 1],
    ['info', 'nemesis', 'stop-partition', null],
  );
  const verdict = await checkLinearizable(events, 'cas-register');
  expect(verdict.valid).toBe(true);
  expect(verdict.stats?.operations).toBe(2);
});

it('lets a crashed cas take effect later', async () => {
  const events = history(
    ['invoke', 0, 'cas', [0, 4]],
    ['info', 0, 'cas', [0, 4]],
    ['invoke', 1, 'read', null],
    ['ok', 1, 'read', 0],
    ['invoke', 1, 'read', null],
    ['ok', 1, 'read', 4],
  );
  expect((await checkLinearizable(events, 'cas-register', { initial: 0 })).valid).toBe(true);
});

it('decides nothing about a history with no completed operations', async () => {
  const events = history(['invoke', 0, 'write', 1], ['info', 'nemesis', 'kill', null]);
  const verdict = await checkLinearizable(events, 'register');
  expect(verdict.valid).toBe('unknown');
  expect(verdict.valid === 'unknown' && verdict.reason).toMatch(/^no operation completed ok/);
  expect((await checkLinearizable([], 'register')).valid).toBe('unknown');
});

it('decides nothing about a history whose completed operations observe nothing (only writes)', async () => {
  const events = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'append', 'x', 'k'], ['ok', 1, 'append', 'x', 'k']);
  const verdict = await checkLinearizable(events.slice(0, 2), 'register');
  expect(verdict.valid === 'unknown' && verdict.reason).toMatch(/^no operation that completed ok observes the state/);
  expect((await checkLinearizable(events.slice(2), 'kv')).valid).toBe('unknown');
  const adds = history(['invoke', 0, 'add', 1], ['ok', 0, 'add', 1]);
  expect((await checkLinearizable(adds, 'set')).valid).toBe('unknown');
  // Mutex operations can fail in some state, so they always decide something.
  const lock = history(['invoke', 0, 'acquire', null], ['ok', 0, 'acquire', null]);
  expect((await checkLinearizable(lock, 'mutex')).valid).toBe(true);
});
