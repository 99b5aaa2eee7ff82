import { expect, it } from 'vitest';
import { checkLinearizableSync } from './check.js';
import { corruptRead, registerModel, simulate } from '../test-support/index.js';

// A read of a value no operation can produce is caught before the search, so a history whose
// search would run out of time still gets a prompt, explained verdict.

it('rejects a read no state allows without searching every order', () => {
  const valid = simulate(registerModel({ mix: 'cas-register', keys: 0, values: 5, infoRate: 0.2 }), { seed: 6, workers: 5, operations: 600 });
  const events = corruptRead(valid, 6, { stale: false, values: 5 });
  const bad = events.find((op, i) => op.type === 'ok' && op.value !== valid[i].value);
  const verdict = checkLinearizableSync(events, 'cas-register', { timeoutMs: 30_000 });
  expect(verdict.valid).toBe(false);
  const [failure] = verdict.failures ?? [];
  expect(failure.deadline.completeIndex).toBe(bad?.index);
  const blocked = failure.blocked.find((op) => op.index === failure.deadline.index);
  expect(blocked?.why).toBe('illegal');
  if (failure.found === 'impossible-operation') {
    expect(failure.linearized).toEqual([]);
    expect(blocked?.reason).toMatch(/^read \d+ fits no state the operations of this history can produce \(/);
  }
});
