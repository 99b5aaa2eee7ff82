import type { Op, ProcessId } from '../core/history.js';
import { gen, updateAll } from './basic.js';
import { allFree } from './context.js';
import type { GenContext, GenLike, GenStep, Generator } from '../core/generator.js';

// Combinators that decide *what*: choosing among generators, and how many operations.

function wrapStep(step: GenStep, wrap: (g: Generator) => Generator, whenDone: Generator | null = null): GenStep {
  if (step === null) return null;
  if (step.type === 'pending') return { ...step, gen: wrap(step.gen) };
  return { type: 'op', op: step.op, gen: step.gen ? wrap(step.gen) : whenDone };
}

/** Each operation from a generator picked at random (Jepsen's mix); exhausted ones drop out. */
class MixGen implements Generator {
  constructor(private readonly gens: readonly Generator[]) {}

  op(ctx: GenContext): GenStep {
    let gens = this.gens;
    while (gens.length > 0) {
      const i = ctx.rng.int(0, gens.length - 1);
      const step = gens[i].op(ctx);
      if (step === null) {
        gens = gens.filter((_, j) => j !== i);
        continue;
      }
      const replaced = (g: Generator | null) => {
        const out = gens.slice();
        if (g) out[i] = g;
        else out.splice(i, 1);
        return out;
      };
      if (step.type === 'pending') return { ...step, gen: new MixGen(replaced(step.gen)) };
      const rest = replaced(step.gen);
      return { type: 'op', op: step.op, gen: rest.length ? new MixGen(rest) : null };
    }
    return null;
  }

  update(ctx: GenContext, event: Op): Generator {
    const gens = updateAll(this.gens, ctx, event);
    return gens === this.gens ? this : new MixGen(gens);
  }
}

export function mix(...gens: GenLike[]): Generator {
  return new MixGen(gens.map(gen));
}

/** Alternates: one operation from `a`, then one from `b`, and so on, until either is done. */
class FlipFlopGen implements Generator {
  constructor(
    private readonly a: Generator,
    private readonly b: Generator,
  ) {}

  op(ctx: GenContext): GenStep {
    const step = this.a.op(ctx);
    if (step === null) return null;
    if (step.type === 'pending') return { ...step, gen: new FlipFlopGen(step.gen, this.b) };
    return { type: 'op', op: step.op, gen: step.gen ? new FlipFlopGen(this.b, step.gen) : null };
  }

  update(ctx: GenContext, event: Op): Generator {
    const a = this.a.update(ctx, event);
    const b = this.b.update(ctx, event);
    return a === this.a && b === this.b ? this : new FlipFlopGen(a, b);
  }
}

export function flipFlop(a: GenLike, b: GenLike): Generator {
  return new FlipFlopGen(gen(a), gen(b));
}

/** At most `n` operations. */
class LimitGen implements Generator {
  constructor(
    private readonly remaining: number,
    private readonly inner: Generator,
  ) {}

  op(ctx: GenContext): GenStep {
    if (this.remaining <= 0) return null;
    const step = this.inner.op(ctx);
    if (step === null) return null;
    if (step.type === 'pending') return { ...step, gen: new LimitGen(this.remaining, step.gen) };
    const left = this.remaining - 1;
    return { type: 'op', op: step.op, gen: step.gen && left > 0 ? new LimitGen(left, step.gen) : null };
  }

  update(ctx: GenContext, event: Op): Generator {
    const inner = this.inner.update(ctx, event);
    return inner === this.inner ? this : new LimitGen(this.remaining, inner);
  }
}

export function limit(n: number, g: GenLike): Generator {
  return new LimitGen(n, gen(g));
}

/**
 * Repeats the generator's operations until one of them completes `ok`, then stops
 * (Jepsen's until-ok), e.g. a final read retried until the cluster answers.
 */
class UntilOkGen implements Generator {
  constructor(
    private readonly inner: Generator,
    private readonly mine: ReadonlySet<ProcessId>,
    private readonly succeeded: boolean,
  ) {}

  op(ctx: GenContext): GenStep {
    if (this.succeeded) return null;
    const step = this.inner.op(ctx);
    if (step === null) return null;
    if (step.type === 'pending') return { ...step, gen: new UntilOkGen(step.gen, this.mine, false) };
    const mine = new Set(this.mine).add(step.op.process);
    return { type: 'op', op: step.op, gen: step.gen ? new UntilOkGen(step.gen, mine, false) : null };
  }

  update(ctx: GenContext, event: Op): Generator {
    const inner = this.inner.update(ctx, event);
    if (event.type === 'invoke' || !this.mine.has(event.process)) return new UntilOkGen(inner, this.mine, this.succeeded);
    const mine = new Set(this.mine);
    mine.delete(event.process);
    return new UntilOkGen(inner, mine, this.succeeded || event.type === 'ok');
  }
}

export function untilOk(g: GenLike): Generator {
  return new UntilOkGen(gen(g), new Set(), false);
}

/** Waits until every worker it may use is idle, then runs the generator. */
class SynchronizeGen implements Generator {
  constructor(
    private readonly inner: Generator,
    private readonly started: boolean,
  ) {}

  op(ctx: GenContext): GenStep {
    if (!this.started && !allFree(ctx)) return { type: 'pending', gen: this };
    return wrapStep(this.inner.op(ctx), (g) => new SynchronizeGen(g, true));
  }

  update(ctx: GenContext, event: Op): Generator {
    const inner = this.inner.update(ctx, event);
    return inner === this.inner ? this : new SynchronizeGen(inner, this.started);
  }
}

export function synchronize(g: GenLike): Generator {
  return new SynchronizeGen(gen(g), false);
}

/** Phases run one after another; each starts only once the previous phase's operations completed. */
class PhasesGen implements Generator {
  constructor(private readonly phases: readonly Generator[]) {}

  op(ctx: GenContext): GenStep {
    let phases = this.phases;
    while (phases.length > 0) {
      const step = phases[0].op(ctx);
      if (step === null) {
        phases = phases.slice(1).map((p, i) => (i === 0 ? synchronize(p) : p));
        continue;
      }
      const rest = phases.slice(1);
      return wrapStep(step, (g) => new PhasesGen([g, ...rest]), rest.length ? new PhasesGen(rest.map((p, i) => (i === 0 ? synchronize(p) : p))) : null);
    }
    return null;
  }

  update(ctx: GenContext, event: Op): Generator {
    if (this.phases.length === 0) return this;
    const head = this.phases[0].update(ctx, event);
    return head === this.phases[0] ? this : new PhasesGen([head, ...this.phases.slice(1)]);
  }
}

export function phases(...gens: GenLike[]): Generator {
  return new PhasesGen(gens.map(gen));
}
