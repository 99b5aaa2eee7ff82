import { expect, it } from 'vitest';
import { checkLinearizableSync } from './check.js';
import { simulateHistory } from './test-support/simulate.js';

// Histories made by simulating a linearizable store, crashes included, are linearizable by
// construction: the checker must accept every one, at sizes beyond the oracle's reach.

it.each([1, 2, 3, 4, 5, 6])('accepts simulated cas-register and kv histories (seed %i)', (seed) => {
  const register = simulateHistory({ seed, processes: 5, operations: 400, infoRate: 0.2, mix: 'cas-register', keys: 0, values: 5 });
  expect(checkLinearizableSync(register, 'cas-register', { timeoutMs: 20_000 }).valid).toBe(true);
  const kv = simulateHistory({ seed, processes: 20, operations: 600, infoRate: 0.05, mix: 'kv', keys: 4, values: 5 });
  expect(checkLinearizableSync(kv, 'kv', { timeoutMs: 20_000 }).valid).toBe(true);
});
