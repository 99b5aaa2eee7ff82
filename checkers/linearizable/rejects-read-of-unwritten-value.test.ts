import { expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

it('rejects a read of a value nobody wrote, naming the read', async () => {
  const events = history(
    ['invoke', 0, 'write', 1],
    ['ok', 0, 'write', 1],
    ['invoke', 1, 'write', 2],
    ['invoke', 0, 'read', null],
    ['ok', 0, 'read', 7],
    ['ok', 1, 'write', 2],
  );
  const verdict = await checkLinearizable(events, 'cas-register', { initial: 0 });
  expect(verdict.valid).toBe(false);
  const [failure] = verdict.failures ?? [];
  expect(failure.deadline).toMatchObject({ index: 3, description: 'read 7', process: 0 });
  const read = failure.blocked.find((op) => op.index === 3);
  expect(read).toMatchObject({ why: 'illegal' });
  expect(read?.reason).toMatch(/^read 7 but the register holds [12]$/);
});
