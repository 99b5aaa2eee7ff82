import { expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

it('rejects a later read of a failed write’s value: a fail did not happen', async () => {
  const events = history(['invoke', 0, 'write', 5], ['fail', 0, 'write', 5], ['invoke', 1, 'read', null], ['ok', 1, 'read', 5]);
  const verdict = await checkLinearizable(events, 'cas-register', { initial: 0 });
  expect(verdict.valid).toBe(false);
  const [failure] = verdict.failures ?? [];
  expect(failure.linearized).toEqual([]);
  expect(failure.state).toBe('0 (initial, never written)');
  expect(failure.deadline).toMatchObject({ index: 2, completeIndex: 3, description: 'read 5' });
  expect(failure.blocked).toEqual([expect.objectContaining({ index: 2, reason: 'read 5 but the register holds 0 (initial, never written)' })]);
  // The failed write is not among the operations at all.
  expect(failure.indices).toEqual([2, 3]);
});
