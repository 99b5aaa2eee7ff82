import type { Key, Op } from '../core/history.js';
import type { GenContext, GenStep, Generator, OpTemplate } from '../core/generator.js';

export interface IndependentKeysOptions {
  /** How many keys are in use at once. */
  keysAtOnce: number;
  /** Operations per key before it is retired and a fresh key takes its place. */
  opsPerKey: number;
  /** Key names; numbers from 0 by default. */
  keyName?: (n: number) => Key;
}

/**
 * Spreads operations over independent keys and retires each key after a fixed number of
 * operations, so every key's sub-history stays small enough to check (Jepsen's independent
 * generator, with keys rotating rather than process groups).
 */
class IndependentKeysGen implements Generator {
  constructor(
    private readonly make: (key: Key, ctx: GenContext) => OpTemplate,
    private readonly options: IndependentKeysOptions,
    private readonly active: readonly number[],
    private readonly used: readonly number[],
    private readonly nextKey: number,
  ) {}

  op(ctx: GenContext): GenStep {
    const process = ctx.free[0];
    if (process === undefined) return { type: 'pending', gen: this };
    const slot = ctx.rng.int(0, this.active.length - 1);
    const keyNumber = this.active[slot];
    const key = this.options.keyName ? this.options.keyName(keyNumber) : keyNumber;
    const template = this.make(key, ctx);
    const active = this.active.slice();
    const used = this.used.slice();
    let nextKey = this.nextKey;
    if (++used[slot] >= this.options.opsPerKey) {
      active[slot] = nextKey++;
      used[slot] = 0;
    }
    const op = { process, time: ctx.time, f: template.f, value: template.value, key: template.key ?? key };
    return { type: 'op', op, gen: new IndependentKeysGen(this.make, this.options, active, used, nextKey) };
  }

  update(_ctx: GenContext, _event: Op): Generator {
    return this;
  }
}

export function independentKeys(make: (key: Key, ctx: GenContext) => OpTemplate, options: IndependentKeysOptions): Generator {
  const n = Math.max(1, options.keysAtOnce);
  const active = Array.from({ length: n }, (_, i) => i);
  return new IndependentKeysGen(make, options, active, new Array<number>(n).fill(0), n);
}
