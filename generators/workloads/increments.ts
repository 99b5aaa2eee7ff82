import { cycle, eachProcess, fn, once, untilOk } from '../index.js';
import type { OpTemplate } from '../index.js';
import type { Workload } from '../../core/target.js';

export interface IncrementsWorkloadOptions {
  /** Share of operations that read the counter (default 0.2). */
  readFraction?: number;
  /** Largest increment; each add draws 1 … maxDelta (default 5). */
  maxDelta?: number;
}

/**
 * Jepsen's counter: concurrent `add`s of small positive deltas and reads. Every read must lie
 * between the acknowledged and the attempted sums at its time; a final read per client
 * after the faults are healed shows increments that were lost for good.
 */
export function incrementsWorkload(options: IncrementsWorkloadOptions = {}): Workload {
  const readFraction = options.readFraction ?? 0.2;
  const maxDelta = options.maxDelta ?? 5;
  const read: OpTemplate = { f: 'read', value: null };
  return {
    name: 'counter',
    generator: fn((ctx) => (ctx.rng.bool(readFraction) ? read : { f: 'add', value: ctx.rng.int(1, maxDelta) })),
    final: eachProcess(untilOk(cycle(once(read)))),
    checkers: [{ checker: 'counter' }],
  };
}
