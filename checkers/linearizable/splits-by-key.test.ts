import { expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

// Operations on different keys commute, so each key is its own register (P-compositionality)
// and a failure names its key.

it('checks each key on its own and reports the failing key', async () => {
  const events = history(
    ['invoke', 0, 'write', 1, 'a'],
    ['ok', 0, 'write', 1, 'a'],
    ['invoke', 1, 'write', 2, 'b'],
    ['ok', 1, 'write', 2, 'b'],
    ['invoke', 0, 'read', null, 'a'],
    ['ok', 0, 'read', 1, 'a'],
    ['invoke', 1, 'read', null, 'b'],
    ['ok', 1, 'read', 1, 'b'],
  );
  const verdict = await checkLinearizable(events, 'cas-register');
  expect(verdict.valid).toBe(false);
  expect(verdict.stats?.partitions).toBe(2);
  expect(verdict.failures?.map((f) => f.key)).toEqual(['b']);
  expect(verdict.failures?.[0].blocked[0].reason).toBe('read 1 but the register holds 2');
});

it('would accept the same reads as one register, which shows the split matters', async () => {
  const events = history(['invoke', 0, 'write', 1, 'a'], ['ok', 0, 'write', 1, 'a'], ['invoke', 0, 'read', null, 'b'], ['ok', 0, 'read', null, 'b']);
  expect((await checkLinearizable(events, 'cas-register')).valid).toBe(true);
  const unkeyed = events.map(({ key: _key, ...op }) => op);
  expect((await checkLinearizable(unkeyed, 'cas-register')).valid).toBe(false);
});
