import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizableSync } from './check.js';
import { compilePartition } from './compile.js';
import { models } from './models/catalog.js';
import { partitionHistory } from './partition.js';
import { analyzeRevealedOrder } from './revealed-order.js';
import { searchLinearization } from './search.js';
import { simulate } from '../test-support/index.js';
import { observesSomething, oracleLinearizable } from './test-support/oracle.js';
import { REVEALING_TIMING, revealingModel } from './test-support/revealing.js';

// The shortcut for histories whose reads reveal the state (revealed-order.ts) against the
// brute-force oracle, on small histories of exactly that shape, valid and invalid: kv keys
// with unique written and appended values (tokens that may cut two ways included, nil
// reads, an initial value or none, crashed and failed operations) and sets of unique
// elements. Also the search pruned by the revealed order alone must agree, since it decides
// whatever the shortcut leaves. The seed fast-check prints replays a failure.

const RUNS = Number(process.env.RUNS ?? 3000);

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  model: fc.constantFrom('kv' as const, 'set' as const),
  operations: fc.integer({ min: 1, max: 7 }),
  processes: fc.integer({ min: 1, max: 4 }),
  overlapping: fc.boolean(),
  putRate: fc.constantFrom(0, 0.3),
  infoRate: fc.constantFrom(0, 0.2),
  corruption: fc.constantFrom(0, 0.3, 0.6),
  initial: fc.constantFrom(null, '', 'i'),
});

describe('reads that reveal the state', () => {
  it('give the brute-force oracle’s verdict, and the shortcut decides most of them', () => {
    const tally = { valid: 0, invalid: 0, decidedByReads: 0, pruned: 0 };
    fc.assert(
      fc.property(shapes, (shape) => {
        const history = simulate(revealingModel(shape), { seed: shape.seed, workers: shape.processes, operations: shape.operations, ...REVEALING_TIMING });
        const initial = shape.model === 'kv' ? (shape.initial ?? undefined) : undefined;
        const decides = observesSomething(history);
        const expected = oracleLinearizable(history, shape.model, initial);
        const verdict = checkLinearizableSync(history, shape.model, { initial });
        expect(verdict.valid, JSON.stringify(history)).toBe(decides ? expected : 'unknown');
        if (!decides) return;
        tally[expected ? 'valid' : 'invalid']++;

        const model = models[shape.model]({ initial });
        for (const partition of partitionHistory(history)) {
          const part = compilePartition(partition, model);
          const revealed = analyzeRevealedOrder(part, model);
          if (revealed.kind === 'linearizable' || revealed.kind === 'cycle' || revealed.kind === 'impossible') {
            tally.decidedByReads++;
            expect(revealed.kind === 'linearizable', JSON.stringify(history)).toBe(expected);
          }
          if (revealed.kind === 'cycle' || revealed.kind === 'undecided') {
            tally.pruned++;
            const pruned = searchLinearization(part, model, { deadline: Date.now() + 10_000, maxStates: 1_000_000 }, revealed.order);
            expect(pruned.kind, JSON.stringify(history)).toBe(expected ? 'linearizable' : 'not-linearizable');
          }
        }
      }),
      { numRuns: RUNS },
    );
    if (process.env.SHOW_TALLY) console.log(tally);
    expect(tally.valid).toBeGreaterThan(RUNS / 5);
    expect(tally.invalid).toBeGreaterThan(RUNS / 10);
    expect(tally.decidedByReads).toBeGreaterThan(RUNS / 2);
    expect(tally.pruned).toBeGreaterThan(RUNS / 50);
  });
});
