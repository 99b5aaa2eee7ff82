import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { checkLinearizable, checkLinearizableSync } from './check.js';
import { compilePartition } from './compile.js';
import { models } from './models/catalog.js';
import { partitionHistory } from './partition.js';
import { corruptRead, registerModel, simulate } from '../test-support/index.js';
import { checkInWorkers } from './worker-pool.js';

// Several keys go to worker threads. Under vitest the worker entry is TypeScript, which
// exercises the tsx bootstrap; a worker that cannot start hands its work back to this thread.

const valid = simulate(registerModel({ mix: 'kv', keys: 6, values: 5, infoRate: 0.05 }), { seed: 7, workers: 20, operations: 1500 });
const invalid = corruptRead(valid, 3, { stale: false, values: 5 });

describe('worker threads', () => {
  it('give the same verdicts and explanations as this thread', async () => {
    for (const events of [valid, invalid]) {
      const here = checkLinearizableSync(events, 'kv');
      const there = await checkLinearizable(events, 'kv', { workers: 2 });
      expect(there.valid).toBe(here.valid);
      expect(there.failures).toEqual(here.failures);
      expect(there.stats?.partitions).toBe(6);
      expect(there.stats?.workers).toBeGreaterThanOrEqual(1);
    }
    expect(checkLinearizableSync(invalid, 'kv').valid).toBe(false);
  });

  it('are not started by "auto" for a check that finishes quickly here', async () => {
    const small = simulate(registerModel({ mix: 'kv', keys: 4, values: 5, infoRate: 0.05 }), { seed: 2, workers: 10, operations: 200 });
    const verdict = await checkLinearizable(small, 'kv');
    expect(verdict).toMatchObject({ valid: true, stats: { partitions: 4, workers: 0 } });
  });

  it('fall back to this thread when a worker cannot start', async () => {
    const partitions = partitionHistory(invalid);
    const model = models.kv();
    const compiled = partitions.map((p) => compilePartition(p, model));
    const broken = () => new Worker('throw new Error("cannot start")', { eval: true });
    const { reports, workersUsed } = await checkInWorkers(
      partitions,
      compiled,
      { name: 'kv', options: {} },
      model,
      { deadline: Date.now() + 30_000, maxStates: 1e6 },
      2,
      broken,
    );
    expect(workersUsed).toBe(0);
    expect(reports.map((r) => r.valid).sort()).toEqual([false, true, true, true, true, true]);
  });

  it('fall back when no worker can even be made', async () => {
    const partitions = partitionHistory(valid);
    const model = models.kv();
    const compiled = partitions.map((p) => compilePartition(p, model));
    const { reports, workersUsed } = await checkInWorkers(
      partitions,
      compiled,
      { name: 'kv', options: {} },
      model,
      { deadline: Date.now() + 30_000, maxStates: 1e6 },
      2,
      () => undefined,
    );
    expect(workersUsed).toBe(0);
    expect(reports.every((r) => r.valid === true)).toBe(true);
  });
});
