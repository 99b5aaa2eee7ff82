import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { simulate } from '../test-support/index.js';
import { checkLinearizableSync } from './check.js';
import { kvAppendModel, kvAppendTiming, readFromTheFuture, staleRead } from './test-support/kv-append.js';

// Histories shaped like Porcupine's 50-client kv test data (every client appends unique
// values, puts now and then, reads whole values; some requests take very long), where the
// search alone leaves keys unknown after seconds. What the reads reveal decides every key,
// valid or broken. (Speed is measured by npm run bench linearizable, not here.)

/** 50 clients, 2,000 operations over 10 keys. */
const kvHistory = (seed: number, infoRate = 0) => simulate(kvAppendModel({ keys: 10, infoRate }), { seed, workers: 50, operations: 2000, ...kvAppendTiming() });

describe('kv histories of Porcupine’s shape', () => {
  it.each([1, 2, 3])('seed %i: valid, with every key decided', (seed) => {
    const verdict = checkLinearizableSync(kvHistory(seed), 'kv', { initial: '' });
    expect(verdict).toMatchObject({ valid: true, undecided: [], stats: { partitions: 10 } });
  });

  it.each([1, 2, 3])('seed %i: a read from the future is found, and every other key decided', (seed) => {
    const history = kvHistory(seed);
    const broken = readFromTheFuture(history, new Rng(seed));
    const verdict = checkLinearizableSync(history, 'kv', { initial: '' });
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.map((f) => f.key)).toEqual([broken]);
    expect(verdict.undecided).toEqual([]);
  });

  it('with crashed operations too', () => {
    const history = kvHistory(4, 0.05);
    expect(checkLinearizableSync(history, 'kv', { initial: '' })).toMatchObject({ valid: true, undecided: [] });
    const broken = staleRead(history, new Rng(2));
    const verdict = checkLinearizableSync(history, 'kv', { initial: '' });
    expect(verdict.valid).not.toBe('unknown');
    expect(verdict.undecided).toEqual([]);
    if (verdict.valid === false) expect(verdict.failures?.map((f) => f.key)).toEqual([broken]);
  });
});
