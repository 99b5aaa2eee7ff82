import { describe, expect, it } from 'vitest';
import { checkLinearizableSync } from './check.js';
import { corruptRead, registerModel, simulate } from '../test-support/index.js';

// A 1,000-operation history with 10% crashed operations and a corrupted read that this seed
// leaves undecided after seconds of search (measured: seed 9 still unknown at 4 s of the shared simulator, where seed 6 at 600
// operations, the earlier choice, is decided valid in 150 ms on a fast core): too many ways to
// place the crashed ones to decide quickly. The verdict must then be unknown, say which
// budget ran out and how far the search got, and never hang or exhaust memory.

const hard = corruptRead(simulate(registerModel({ mix: 'cas-register', keys: 0, values: 5, infoRate: 0.1 }), { seed: 9, workers: 5, operations: 1000 }), 1, {
  stale: true,
  values: 5,
});

describe('budgets', () => {
  it('time: stops at the timeout', () => {
    const started = Date.now();
    const verdict = checkLinearizableSync(hard, 'cas-register', { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(verdict.valid).toBe('unknown');
    if (verdict.valid !== 'unknown') return;
    expect(verdict.reason).toMatch(
      /^the time budget \(200ms\) ran out after exploring [\d,]+ states; the longest linearizable prefix found has \d+ of \d+ operations$/,
    );
    expect(verdict.undecided).toEqual([expect.objectContaining({ key: null, budget: 'time' })]);
    expect(verdict.undecided?.[0].longestPrefix).toBeGreaterThan(0);
  });

  it('memory: stops at maxStates cached states', () => {
    const verdict = checkLinearizableSync(hard, 'cas-register', { maxStates: 2000 });
    expect(verdict.valid).toBe('unknown');
    if (verdict.valid !== 'unknown') return;
    expect(verdict.reason).toMatch(/^the memory budget \(2,000 cached states\) ran out after exploring/);
    expect(verdict.stats?.cachedStates).toBeLessThanOrEqual(2001);
  });

  it('abort: stops when the caller aborts', () => {
    const controller = new AbortController();
    controller.abort();
    const verdict = checkLinearizableSync(hard, 'cas-register', { signal: controller.signal });
    expect(verdict.valid).toBe('unknown');
    if (verdict.valid !== 'unknown') return;
    expect(verdict.reason).toMatch(/^the check was aborted/);
  });
});
