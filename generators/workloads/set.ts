import { cycle, eachProcess, fn, once, untilOk } from '../index.js';
import type { OpTemplate } from '../index.js';
import type { Workload } from '../../core/target.js';

export interface SetWorkloadOptions {
  /** Share of operations that read the whole set (default 0.1). */
  readFraction?: number;
  /** Whether stale reads make the run invalid: true for systems that claim linearizability. */
  linearizable?: boolean;
}

/**
 * Jepsen's set-full: add unique integers, read the whole set now and then, and once the
 * faults are healed every client reads it again. An acknowledged add that no later read
 * sees was lost.
 */
export function setWorkload(options: SetWorkloadOptions = {}): Workload {
  const readFraction = options.readFraction ?? 0.1;
  let next = 0;
  const read: OpTemplate = { f: 'read', value: null };
  return {
    name: 'set',
    generator: fn((ctx) => (ctx.rng.bool(readFraction) ? read : { f: 'add', value: next++ })),
    final: eachProcess(untilOk(cycle(once(read)))),
    checkers: [{ checker: 'set-full', options: { linearizable: options.linearizable ?? false } }],
  };
}
