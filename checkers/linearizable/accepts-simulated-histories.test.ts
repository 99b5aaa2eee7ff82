import { expect, it } from 'vitest';
import { checkLinearizableSync } from './check.js';
import { registerModel, simulate } from '../test-support/index.js';

// Histories made by simulating a linearizable store, crashes included, are linearizable by
// construction: the checker must accept every one, at sizes beyond the oracle's reach.

it.each([1, 2, 3, 4, 5, 6])('accepts simulated cas-register and kv histories (seed %i)', (seed) => {
  const register = simulate(registerModel({ mix: 'cas-register', keys: 0, values: 5, infoRate: 0.2 }), { seed, workers: 5, operations: 400 });
  expect(checkLinearizableSync(register, 'cas-register', { timeoutMs: 20_000 }).valid).toBe(true);
  const kv = simulate(registerModel({ mix: 'kv', keys: 4, values: 5, infoRate: 0.05 }), { seed, workers: 20, operations: 600 });
  expect(checkLinearizableSync(kv, 'kv', { timeoutMs: 20_000 }).valid).toBe(true);
});
