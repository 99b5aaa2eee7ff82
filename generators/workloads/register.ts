import { independentKeys } from '../index.js';
import type { GenContext, OpTemplate } from '../index.js';
import type { Key } from '../../core/history.js';
import type { Workload } from '../../core/target.js';

export interface RegisterWorkloadOptions {
  keysAtOnce?: number;
  /** Bounded so each key's history stays cheap for the linearizability search. */
  opsPerKey?: number;
  /** Values are drawn from 0 … values-1; few values make stale reads visible. */
  values?: number;
}

/**
 * Jepsen's linearizable register over independent keys: reads, writes and compare-and-set
 * in equal parts, each key checked on its own against a cas-register that starts empty.
 */
export function registerWorkload(options: RegisterWorkloadOptions = {}): Workload {
  const values = options.values ?? 5;
  const draw = (ctx: GenContext) => ctx.rng.int(0, values - 1);
  const registerOp = (key: Key, ctx: GenContext): OpTemplate => {
    switch (ctx.rng.int(0, 2)) {
      case 0:
        return { f: 'read', value: null, key };
      case 1:
        return { f: 'write', value: draw(ctx), key };
      default:
        return { f: 'cas', value: [draw(ctx), draw(ctx)], key };
    }
  };
  return {
    name: 'register',
    generator: independentKeys(registerOp, { keysAtOnce: options.keysAtOnce ?? 5, opsPerKey: options.opsPerKey ?? 200 }),
    checkers: [{ checker: 'linearizable', options: { model: 'cas-register', initial: null } }],
  };
}
