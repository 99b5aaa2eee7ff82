import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLock } from './lock-checker.js';
import type { LockInterval } from './lock-types.js';
import { sweepOverlaps } from './overlaps.js';
import { lockModel, simulate } from '../test-support/index.js';

// fast-check reports the seed and path of a failing run; pass them to fc.assert to replay it.

describe('lock: properties over simulated and random histories', () => {
  it('proves a correct fenced lock safe', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 1, max: 3 }), (seed, locks) => {
        const history = simulate(lockModel({ locks, validityMs: 60_000 }), { seed, operations: 300, workers: 5 });
        expect(checkLock(history).valid).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('never proves safe a lock that granted a held lock to a second process', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), (seed) => {
        const model = lockModel({ locks: 1, validityMs: 60_000, doubleGrantChance: 0.2 });
        const history = simulate(model, { seed, operations: 300, workers: 5 });
        const verdict = checkLock(history).valid;
        if (model.doubleGrants() > 0) expect(verdict).not.toBe(true);
        else expect(verdict).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('counts overlapping pairs exactly as a brute-force comparison does', () => {
    const interval = fc.record({ process: fc.integer({ min: 0, max: 4 }), start: fc.integer({ min: 0, max: 50 }), length: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (raw) => {
        const intervals: LockInterval[] = raw.map((r, i) => ({
          process: r.process,
          lock: null,
          kind: 'widest',
          start: r.start,
          end: r.start + r.length,
          token: null,
          acquireIndex: i,
          endedBy: 'release',
          releaseIndex: null,
        }));
        let expected = 0;
        for (let i = 0; i < intervals.length; i++) {
          for (let j = i + 1; j < intervals.length; j++) {
            const a = intervals[i];
            const b = intervals[j];
            // Empty intervals (a release at the moment of the grant) hold nothing.
            const nonEmpty = a.end > a.start && b.end > b.start;
            if (nonEmpty && a.process !== b.process && a.start < b.end && b.start < a.end) expected++;
          }
        }
        const visited: Array<[number, number]> = [];
        const count = sweepOverlaps(intervals, (a, b) => {
          visited.push([a.acquireIndex, b.acquireIndex]);
          return true;
        });
        expect(count).toBe(expected);
        expect(visited).toHaveLength(expected);
      }),
      { numRuns: 300 },
    );
  });
});
