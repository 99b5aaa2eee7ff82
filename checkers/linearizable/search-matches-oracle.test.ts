import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizableSync } from './check.js';
import { MODEL_NAMES, MODELS_WITH_INITIAL } from './models/catalog.js';
import { specHistory, toHistory } from './test-support/arbitraries.js';
import { observesSomething, oracleLinearizable } from './test-support/oracle.js';

// The search and the brute-force oracle must agree on every small history, for every model,
// with and without keys. A failure prints fast-check's seed and path, which replay it.

const RUNS = 2500;

describe.each(MODEL_NAMES)('the %s model', (model) => {
  it('gives the brute-force oracle’s verdict on random small histories', () => {
    let valid = 0;
    let invalid = 0;
    // A non-null initial value also tests how completed null reads of an unwritten register read.
    const initials =
      model === 'kv'
        ? [undefined, 'x']
        : model === 'multi-register'
          ? [undefined, { x: 0, y: 1 }]
          : MODELS_WITH_INITIAL.has(model)
            ? [undefined, 0]
            : [undefined];
    fc.assert(
      fc.property(specHistory(model, model === 'kv'), fc.boolean(), fc.constantFrom(...initials), (spec, keyedToo, initial) => {
        const keyed = keyedToo && model !== 'kv' ? { ...spec, ops: spec.ops.map((o, i) => ({ ...o, key: i % 2 === 0 ? 'a' : 'b' })) } : spec;
        const history = toHistory(keyed);
        // With no completed operation that observes the state every model accepts the history: nothing is decided.
        const decides = observesSomething(history);
        const expected = oracleLinearizable(history, model, initial);
        const verdict = checkLinearizableSync(history, model, { initial });
        expect(verdict.valid, JSON.stringify(history)).toBe(decides ? expected : 'unknown');
        if (!decides) return;
        if (expected) valid++;
        else invalid++;
      }),
      { numRuns: RUNS },
    );
    // Both verdicts must be well represented, or the property proves little.
    expect(valid).toBeGreaterThan(RUNS / 10);
    expect(invalid).toBeGreaterThan(RUNS / 10);
  });
});
