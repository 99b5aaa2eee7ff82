import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_GRAPH_REASON } from './core/run-check.js';
import { checkListAppend } from './list-append/checker.js';
import { checkRwRegister } from './rw-register/checker.js';
import { runSerialExecutor, type ExecutorOptions } from './test-support/index.js';
import type { TxnVerdict } from './types.js';

// The serial executor runs each transaction atomically inside its invoke–complete window,
// so whatever it produces is strictly serializable: the checkers must never call such a
// history invalid, whatever the mix of aborts, indeterminate outcomes, keys and lengths
// (unknown only when no transaction depends on another, as Elle's empty-transaction-graph).
// A failure prints fast-check's seed and path, which replay it.

const executorRuns = (workload: ExecutorOptions['workload']) =>
  fc.record({
    workload: fc.constant(workload),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    txnCount: fc.integer({ min: 1, max: 60 }),
    concurrency: fc.integer({ min: 1, max: 6 }),
    failRate: fc.constantFrom(0, 0.1, 0.3),
    infoRate: fc.constantFrom(0, 0.1, 0.3),
    source: fc.record({
      keyCount: fc.integer({ min: 1, max: 5 }),
      maxTxnLength: fc.integer({ min: 1, max: 5 }),
      maxWritesPerKey: fc.integer({ min: 1, max: 8 }),
      readFraction: fc.constantFrom(0.2, 0.5, 0.8),
      keyDistribution: fc.constantFrom('uniform' as const, 'exponential' as const),
    }),
  });

function expectNotInvalid(verdict: TxnVerdict): void {
  if (verdict.valid === 'unknown') expect(verdict.reason).toBe(EMPTY_GRAPH_REASON);
  else expect(verdict.valid, JSON.stringify(verdict.anomalyTypes)).toBe(true);
}

describe('histories of a serial store', () => {
  it('are strictly serializable to the list-append checker', () => {
    fc.assert(
      fc.property(executorRuns('list-append'), (options) => {
        expectNotInvalid(checkListAppend(runSerialExecutor(options).history));
      }),
      { numRuns: 1500 },
    );
  });

  it('are strictly serializable to the rw-register checker with every version-order assumption on', () => {
    fc.assert(
      fc.property(executorRuns('rw-register'), (options) => {
        expectNotInvalid(checkRwRegister(runSerialExecutor(options).history, { wfrKeys: true, sequentialKeys: true, linearizableKeys: true }));
      }),
      { numRuns: 1500 },
    );
  });
});
