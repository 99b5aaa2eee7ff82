import { independentKeys } from '../index.js';
import type { GenContext, OpTemplate } from '../index.js';
import type { Key } from '../../core/history.js';
import type { Workload } from '../../core/target.js';

export interface AppendWorkloadOptions {
  keysAtOnce?: number;
  opsPerKey?: number;
}

/**
 * Appends unique tokens to independent keys and reads them back, checked against a kv model
 * where append is string concatenation: a lost or reordered append shows as a read no
 * linearization can produce. Tokens end in a comma so a value reads as a list.
 */
export function appendWorkload(options: AppendWorkloadOptions = {}): Workload {
  const counters = new Map<Key, number>();
  const appendOp = (key: Key, ctx: GenContext): OpTemplate => {
    if (ctx.rng.bool(0.5)) return { f: 'read', value: null, key };
    // The n-th append to a key: unique per key whichever order the harness asks in.
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return { f: 'append', value: `${n},`, key };
  };
  return {
    name: 'append',
    generator: independentKeys(appendOp, { keysAtOnce: options.keysAtOnce ?? 5, opsPerKey: options.opsPerKey ?? 100 }),
    checkers: [{ checker: 'linearizable', options: { model: 'kv' } }],
  };
}
