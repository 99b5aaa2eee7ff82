import { expect, it } from 'vitest';
import { findChecker } from '../registry.js';
import { history } from '../test-support/index.js';

// The registry hands the checker CLI-style string options; the verdict is the usual shape.

const events = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 1, 'read', 0]);
const readBack = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 1, 'read', 1]);

it('is registered as "linearizable" and takes string options', async () => {
  const checker = findChecker('linearizable');
  expect(checker?.name).toBe('linearizable');
  const valid = await checker?.check(readBack, { model: 'cas-register', initial: '0', timeout: '5s' });
  expect(valid?.valid).toBe(true);
  // A write alone observes nothing: nothing to decide.
  expect((await checker?.check(events.slice(0, 2), { model: 'cas-register', initial: '0' }))?.valid).toBe('unknown');
  const invalid = await checker?.check(events, { initial: '0' });
  expect(invalid).toMatchObject({ valid: false, model: 'cas-register' });
});
