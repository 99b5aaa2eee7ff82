import type { Op } from '../core/history.js';
import type { GenContext, GenLike, GenOp, GenStep, Generator, OpTemplate } from '../core/generator.js';

// The leaves: one operation, an endless stream from a function, and sequences of generators.

/** Updates each generator; the same array back when none changed, so callers can keep themselves. */
export function updateAll(gens: readonly Generator[], ctx: GenContext, event: Op): readonly Generator[] {
  let out: Generator[] | undefined;
  for (let i = 0; i < gens.length; i++) {
    const next = gens[i].update(ctx, event);
    if (next !== gens[i]) (out ??= gens.slice())[i] = next;
  }
  return out ?? gens;
}

export function isGenerator(g: GenLike): g is Generator {
  return typeof (g as Generator).op === 'function' && typeof (g as Generator).update === 'function';
}

export function gen(g: GenLike): Generator {
  if (isGenerator(g)) return g;
  if (typeof g === 'function') return new FnGen(g);
  return new OnceGen(g);
}

/** The first free process, if any: the default choice of a leaf. */
function placeOp(ctx: GenContext, template: OpTemplate): GenOp | 'pending' {
  const process = ctx.free[0];
  if (process === undefined) return 'pending';
  const op: GenOp = { process, time: ctx.time, f: template.f, value: template.value };
  if (template.key !== undefined) op.key = template.key;
  return op;
}

class OnceGen implements Generator {
  constructor(private readonly template: OpTemplate) {}

  op(ctx: GenContext): GenStep {
    const op = placeOp(ctx, this.template);
    if (op === 'pending') return { type: 'pending', gen: this };
    return { type: 'op', op, gen: null };
  }

  update(): Generator {
    return this;
  }
}

/** Calls `make` for each operation; a null answer ends the stream. */
class FnGen implements Generator {
  constructor(private readonly make: (ctx: GenContext) => OpTemplate | null) {}

  op(ctx: GenContext): GenStep {
    if (ctx.free.length === 0) return { type: 'pending', gen: this };
    const template = this.make(ctx);
    if (template === null) return null;
    const op = placeOp(ctx, template);
    if (op === 'pending') return { type: 'pending', gen: this };
    return { type: 'op', op, gen: this };
  }

  update(): Generator {
    return this;
  }
}

export function once(template: OpTemplate): Generator {
  return new OnceGen(template);
}

export function fn(make: (ctx: GenContext) => OpTemplate | null): Generator {
  return new FnGen(make);
}

/** One generator after another, without waiting for the previous one's operations. */
class SeqGen implements Generator {
  constructor(private readonly gens: readonly Generator[]) {}

  op(ctx: GenContext): GenStep {
    let gens = this.gens;
    while (gens.length > 0) {
      const step = gens[0].op(ctx);
      if (step === null) {
        gens = gens.slice(1);
        continue;
      }
      const rest = gens.slice(1);
      const head = step.gen;
      const next = head === null ? (rest.length ? new SeqGen(rest) : null) : new SeqGen([head, ...rest]);
      if (step.type === 'op') return { type: 'op', op: step.op, gen: next };
      return { ...step, gen: next ?? new SeqGen([]) };
    }
    return null;
  }

  update(ctx: GenContext, event: Op): Generator {
    if (this.gens.length === 0) return this;
    const head = this.gens[0].update(ctx, event);
    return head === this.gens[0] ? this : new SeqGen([head, ...this.gens.slice(1)]);
  }
}

export function seq(...gens: GenLike[]): Generator {
  return new SeqGen(gens.map(gen));
}

/** Restarts the generator when it is exhausted, `times` times in all (forever by default). */
class CycleGen implements Generator {
  constructor(
    private readonly original: Generator,
    private readonly current: Generator,
    private readonly remaining: number,
  ) {}

  op(ctx: GenContext): GenStep {
    let current = this.current;
    let remaining = this.remaining;
    // An exhausted generator that is immediately exhausted again would spin; two tries suffice.
    for (let attempt = 0; attempt < 2 && remaining > 0; attempt++) {
      const step = current.op(ctx);
      if (step !== null) {
        const next = step.gen === null ? this.restart(remaining) : new CycleGen(this.original, step.gen, remaining);
        if (step.type === 'op') return { type: 'op', op: step.op, gen: next };
        return { ...step, gen: next ?? this };
      }
      remaining--;
      current = this.original;
    }
    return null;
  }

  private restart(remaining: number): Generator | null {
    return remaining > 1 ? new CycleGen(this.original, this.original, remaining - 1) : null;
  }

  update(ctx: GenContext, event: Op): Generator {
    const current = this.current.update(ctx, event);
    return current === this.current ? this : new CycleGen(this.original, current, this.remaining);
  }
}

export function cycle(g: GenLike, times = Infinity): Generator {
  const base = gen(g);
  return new CycleGen(base, base, times);
}

/** Jepsen's `repeat`: the same operation (or generator) again and again. */
export const repeat = cycle;
