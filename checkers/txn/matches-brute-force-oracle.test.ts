import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.js';
import { EMPTY_GRAPH_REASON } from './core/run-check.js';
import { checkListAppend } from './list-append/checker.js';
import { checkRwRegister } from './rw-register/checker.js';
import { randomTxnHistory, registerVersionsRecoverable, serialOrderExists, type TxnWorkload } from './test-support/index.js';
import type { TxnVerdict } from './types.js';

// The checkers against a brute-force oracle that tries every serial order (and every choice
// of which indeterminate transactions happened), on tiny random histories, in both
// directions: a history some order explains must not be called invalid, and one no order
// explains must be called invalid. The second direction is what an always-valid checker
// would fail. The one exception is documented in docs/checkers.md and tested in
// rw-register/hidden-version-order.test.ts: an rw-register history whose version order
// neither the initial state nor writes-follow-reads reveals. The seed fast-check prints
// replays a failure.

const RUNS = 2000;

const cases = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  keys: fc.integer({ min: 1, max: 3 }),
  maxTxns: fc.integer({ min: 2, max: 5 }),
  corruption: fc.constantFrom(0.1, 0.3, 0.5),
});

function check(workload: TxnWorkload, history: Op[], model: string): TxnVerdict {
  // Writes follow reads holds in every serializable history, so it is sound to assume here.
  const options = { consistencyModels: model, ...(workload === 'rw-register' ? { wfrKeys: true } : {}) };
  return workload === 'list-append' ? checkListAppend(history, options) : checkRwRegister(history, options);
}

const show = (history: Op[], verdict: TxnVerdict) =>
  `${JSON.stringify(verdict.anomalyTypes)} ${verdict.valid === 'unknown' ? verdict.reason : ''}\n${history.map((op) => JSON.stringify(op)).join('\n')}`;

describe.each(['list-append', 'rw-register'] as const)('%s against the brute-force oracle', (workload) => {
  for (const [model, realtime] of [
    ['serializable', false],
    ['strict-serializable', true],
  ] as const) {
    it(`a ${model} history is never invalid (unknown only when no transaction depends on another)`, () => {
      let explained = 0;
      fc.assert(
        fc.property(cases, (options) => {
          const history = randomTxnHistory(options.seed, workload, options);
          if (!serialOrderExists(history, { workload, realtime })) return;
          explained++;
          const verdict = check(workload, history, model);
          if (verdict.valid === 'unknown') expect(verdict.reason, show(history, verdict)).toBe(EMPTY_GRAPH_REASON);
          else expect(verdict.valid, show(history, verdict)).toBe(true);
        }),
        { numRuns: RUNS },
      );
      expect(explained).toBeGreaterThan(RUNS / 5);
    });

    it(`a history that is not ${model} is invalid${workload === 'rw-register' ? ' whenever its version orders can be recovered' : ''}`, () => {
      let unexplained = 0;
      let hidden = 0;
      fc.assert(
        fc.property(cases, (options) => {
          const history = randomTxnHistory(options.seed, workload, options);
          if (serialOrderExists(history, { workload, realtime })) return;
          if (workload === 'rw-register' && !registerVersionsRecoverable(history)) {
            hidden++;
            return;
          }
          unexplained++;
          const verdict = check(workload, history, model);
          expect(verdict.valid, show(history, verdict)).toBe(false);
        }),
        { numRuns: RUNS },
      );
      expect(unexplained).toBeGreaterThan(RUNS / 25);
      if (workload === 'list-append') expect(hidden).toBe(0);
    });
  }
});
