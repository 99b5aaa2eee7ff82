import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.js';
import { checkLinearizable, checkLinearizableSync } from './check.js';
import { compilePartition } from './compile.js';
import { models } from './models/catalog.js';
import { partitionHistory } from './partition.js';
import { corruptRead, registerModel, simulate } from '../test-support/index.js';
import { checkInWorkers } from './worker-pool.js';

// One key proven not linearizable decides the history (Porcupine stops there too). A hard key
// that comes first must not hold the verdict back until its own budget runs out: the others
// get a short, bounded time to be explained, and the verdict names those left unexplained.
// These checks run with a minute's budget, so finishing within the test's timeout shows the
// early stop; the benchmark (npm run bench linearizable) measures it.

// A key the search cannot decide in seconds (see answers-unknown-when-out-of-budget.test.ts).
const hard = corruptRead(simulate(registerModel({ mix: 'cas-register', keys: 0, values: 5, infoRate: 0.1 }), { seed: 9, workers: 5, operations: 1000 }), 1, {
  stale: true,
  values: 5,
});

/** The hard key first, then a key whose read saw a value nobody wrote. */
function hardThenBroken(): Op[] {
  const ops: Op[] = hard.map((op) => ({ ...op, key: 'hard' }));
  const t = ops[ops.length - 1].time;
  const easy: [Op['type'], string, unknown][] = [
    ['invoke', 'write', 1],
    ['ok', 'write', 1],
    ['invoke', 'read', null],
    ['ok', 'read', 7],
  ];
  for (const [type, f, value] of easy) ops.push({ index: ops.length, time: t + ops.length, type, process: 1000, f, value, key: 'easy' });
  return ops;
}

describe('stopping at the first proof', () => {
  it('answers invalid without finishing the hard key, and says it was left unexplained', () => {
    const verdict = checkLinearizableSync(hardThenBroken(), 'cas-register', { timeoutMs: 60_000 });
    expect(verdict.valid).toBe(false);
    expect(verdict.failures?.map((f) => f.key)).toEqual(['easy']);
    expect(verdict.undecided).toEqual([expect.objectContaining({ key: 'hard', budget: 'unexplained' })]);
    expect(verdict.valid === false && verdict.note).toBe('stopped at the first proof: 1 other key was left unexplained ("hard")');
  });

  it('does the same when workers may be used', async () => {
    const verdict = await checkLinearizable(hardThenBroken(), 'cas-register', { timeoutMs: 60_000 });
    expect(verdict.valid).toBe(false);
    expect(verdict.undecided?.map((u) => [u.key, u.budget])).toEqual([['hard', 'unexplained']]);
  });

  it('stops the workers still searching once a worker proved a key', async () => {
    const model = models['cas-register']();
    // Two keys the cheap proofs cannot settle: the hard one, and one a short search refutes.
    const refuted: Op[] = corruptRead(
      simulate(registerModel({ mix: 'cas-register', keys: 0, values: 3, infoRate: 0 }), { seed: 3, workers: 3, operations: 40 }),
      2,
      { stale: true, values: 3 },
    );
    const ops = [
      ...hard.map((op) => ({ ...op, key: 'hard' })),
      ...refuted.map((op, i) => ({
        ...op,
        index: hard.length + i,
        time: hard[hard.length - 1].time + op.time + 1,
        process: (op.process as number) + 1000,
        key: 'refuted',
      })),
    ];
    const partitions = partitionHistory(ops);
    const compiled = partitions.map((p) => compilePartition(p, model));
    expect(checkLinearizableSync(refuted, 'cas-register').valid).toBe(false);
    const { reports } = await checkInWorkers(
      partitions,
      compiled,
      { name: 'cas-register', options: {} },
      model,
      { deadline: Date.now() + 60_000, maxStates: 5e6, explainMs: 100 },
      2,
    );
    const byKey = Object.fromEntries(partitions.map((p, i) => [p.key, reports[i]]));
    expect(byKey.refuted.valid).toBe(false);
    expect(byKey.hard).toMatchObject({ valid: 'unknown', undecided: { budget: 'unexplained' } });
  });
});
