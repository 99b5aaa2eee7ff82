import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { registerWorkload } from '../../generators/workloads/register.js';
import type { Client, Completion, Invocation, Target, TargetContext } from '../../core/target.js';
import { MemoryKvStore } from './store.js';

export const memoryOptionsSchema = z
  .object({
    /** Mean latency of each operation in ms (exponentially distributed); 0 answers at once. */
    latencyMs: z.number().min(0).default(0),
    bug: z.array(z.enum(['stale-read'])).default([]),
    /** How far back a stale read may look. */
    staleWindowMs: z.number().min(0).default(500),
  })
  .strict();

export type MemoryOptions = z.output<typeof memoryOptionsSchema>;

type Value = string | number | null;

/**
 * An in-process register/kv service: the harness's test fixture and the smallest readable
 * example of a target. One store is shared by all clients of a run.
 */
class MemoryClient implements Client {
  constructor(
    private readonly store: MemoryKvStore,
    private readonly options: MemoryOptions,
  ) {}

  async invoke(op: Invocation, signal: AbortSignal): Promise<Completion> {
    if (this.options.latencyMs > 0) await sleep(-Math.log(1 - Math.random()) * this.options.latencyMs, undefined, { signal });
    const key = op.key ?? 'register';
    switch (op.f) {
      case 'read': {
        const value = this.options.bug.includes('stale-read')
          ? this.store.readStale(key, (n) => Math.floor(Math.random() * n), this.options.staleWindowMs)
          : this.store.read(key);
        return { type: 'ok', value };
      }
      case 'write':
        this.store.write(key, op.value as Value);
        return { type: 'ok' };
      case 'cas': {
        const [from, to] = op.value as [Value, Value];
        return this.store.cas(key, from, to) ? { type: 'ok' } : { type: 'fail', error: 'cas-mismatch' };
      }
      case 'append':
        this.store.append(key, String(op.value));
        return { type: 'ok' };
      default:
        return { type: 'fail', error: `unsupported operation "${op.f}"` };
    }
  }

  async close(): Promise<void> {}
}

const stores = new WeakMap<object, MemoryKvStore>();

export const memoryTarget: Target<MemoryOptions> = {
  name: 'memory',
  summary: 'in-process register/kv (test fixture and example target), optional stale-read bug',
  optionsSchema: memoryOptionsSchema,
  flags: {
    'latency-ms': { describe: 'mean operation latency in ms', type: 'number', option: 'latencyMs' },
    bug: { describe: 'seeded bug to switch on (repeatable)', type: 'string', array: true },
  },
  workloads: ['register'],
  defaultWorkload: 'register',
  defaultNemesis: [],
  workload(name) {
    if (name !== 'register') throw new Error(`memory target has no workload "${name}"`);
    return registerWorkload();
  },
  async openClient(ctx: TargetContext<MemoryOptions>) {
    let store = stores.get(ctx);
    if (!store) {
      const start = process.hrtime.bigint();
      const historyMs = ctx.options.bug.includes('stale-read') ? Math.max(ctx.options.staleWindowMs, 1) : 0;
      store = new MemoryKvStore(() => Number(process.hrtime.bigint() - start) / 1e6, historyMs);
      stores.set(ctx, store);
    }
    return new MemoryClient(store, ctx.options);
  },
};
