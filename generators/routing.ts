import type { Op } from '../core/history.js';
import { gen, updateAll } from './basic.js';
import { restrictContext } from './context.js';
import type { GenContext, GenLike, GenStep, Generator, WorkerId } from '../core/generator.js';

// Combinators that decide *who*: which workers a generator may hand operations to.

/** Runs the inner generator on a subset of the workers and only sees their events. */
class OnWorkersGen implements Generator {
  constructor(
    private readonly keep: (worker: WorkerId) => boolean,
    private readonly inner: Generator,
  ) {}

  op(ctx: GenContext): GenStep {
    const step = this.inner.op(restrictContext(ctx, this.keep));
    if (step === null) return null;
    if (step.type === 'pending') return { ...step, gen: new OnWorkersGen(this.keep, step.gen) };
    return { type: 'op', op: step.op, gen: step.gen ? new OnWorkersGen(this.keep, step.gen) : null };
  }

  update(ctx: GenContext, event: Op): Generator {
    if (!this.owns(ctx, event)) return this;
    const inner = this.inner.update(restrictContext(ctx, this.keep), event);
    return inner === this.inner ? this : new OnWorkersGen(this.keep, inner);
  }

  private owns(ctx: GenContext, event: Op): boolean {
    try {
      return this.keep(ctx.workerOf(event.process));
    } catch {
      // A retired process no longer maps to a worker; its completion was already seen.
      return false;
    }
  }
}

export function onWorkers(keep: (worker: WorkerId) => boolean, g: GenLike): Generator {
  return new OnWorkersGen(keep, gen(g));
}

export function clients(g: GenLike): Generator {
  return onWorkers((w) => w !== 'nemesis', g);
}

export function nemesis(g: GenLike): Generator {
  return onWorkers((w) => w === 'nemesis', g);
}

/** Whichever child has the soonest operation; all children see every event. */
class AnyGen implements Generator {
  constructor(private readonly gens: readonly Generator[]) {}

  op(ctx: GenContext): GenStep {
    let best: { i: number; step: Extract<GenStep, { type: 'op' }> } | undefined;
    let wakeAt: number | undefined;
    const pendingGens: (Generator | null)[] = this.gens.slice();
    let live = 0;
    for (let i = 0; i < this.gens.length; i++) {
      const step = this.gens[i].op(ctx);
      if (step === null) {
        pendingGens[i] = null;
        continue;
      }
      live++;
      if (step.type === 'pending') {
        pendingGens[i] = step.gen;
        if (step.wakeAt !== undefined) wakeAt = Math.min(wakeAt ?? Infinity, step.wakeAt);
        continue;
      }
      if (!best || step.op.time < best.step.op.time) best = { i, step };
    }
    if (live === 0) return null;
    const remaining = (replace: Generator | null, at: number) => pendingGens.flatMap((g, j) => (j === at ? (replace ? [replace] : []) : g ? [g] : []));
    if (!best) return { type: 'pending', gen: new AnyGen(remaining(null, -1)), wakeAt };
    const rest = remaining(best.step.gen, best.i);
    return { type: 'op', op: best.step.op, gen: rest.length ? new AnyGen(rest) : null };
  }

  update(ctx: GenContext, event: Op): Generator {
    const gens = updateAll(this.gens, ctx, event);
    return gens === this.gens ? this : new AnyGen(gens);
  }
}

export function any(...gens: GenLike[]): Generator {
  return new AnyGen(gens.map(gen));
}

/**
 * Every worker gets its own copy of the generator (Jepsen's each-thread): e.g. each client
 * performs the same final read once.
 */
class EachWorkerGen implements Generator {
  constructor(
    private readonly fresh: Generator,
    private readonly perWorker: ReadonlyMap<WorkerId, Generator | null>,
  ) {}

  op(ctx: GenContext): GenStep {
    let best: { worker: WorkerId; step: Extract<GenStep, { type: 'op' }> } | undefined;
    let wakeAt: number | undefined;
    let live = 0;
    const next = new Map(this.perWorker);
    for (const worker of ctx.workers) {
      const g = this.perWorker.has(worker) ? this.perWorker.get(worker)! : this.fresh;
      if (g === null) continue;
      const step = g.op(restrictContext(ctx, (w) => w === worker));
      if (step === null) {
        next.set(worker, null);
        continue;
      }
      live++;
      if (step.type === 'pending') {
        next.set(worker, step.gen);
        if (step.wakeAt !== undefined) wakeAt = Math.min(wakeAt ?? Infinity, step.wakeAt);
        continue;
      }
      if (!best || step.op.time < best.step.op.time) best = { worker, step };
    }
    if (live === 0) return null;
    if (!best) return { type: 'pending', gen: new EachWorkerGen(this.fresh, next), wakeAt };
    next.set(best.worker, best.step.gen);
    return { type: 'op', op: best.step.op, gen: new EachWorkerGen(this.fresh, next) };
  }

  update(ctx: GenContext, event: Op): Generator {
    let worker: WorkerId;
    try {
      worker = ctx.workerOf(event.process);
    } catch {
      return this;
    }
    const g = this.perWorker.has(worker) ? this.perWorker.get(worker)! : this.fresh;
    if (g === null) return this;
    const next = new Map(this.perWorker);
    next.set(
      worker,
      g.update(
        restrictContext(ctx, (w) => w === worker),
        event,
      ),
    );
    return new EachWorkerGen(this.fresh, next);
  }
}

export function eachProcess(g: GenLike): Generator {
  return new EachWorkerGen(gen(g), new Map());
}

/**
 * Splits the client workers into groups: the first `count` workers run the first generator,
 * the next group the second, and the remaining workers (and the nemesis) the last one.
 * `reserve([2, writes], [3, cas], reads)` as in Jepsen.
 */
export function reserve(...args: [...groups: [number, GenLike][], rest: GenLike]): Generator {
  const rest = args[args.length - 1] as GenLike;
  const groups = args.slice(0, -1) as [number, GenLike][];
  const gens: Generator[] = [];
  let start = 0;
  for (const [count, g] of groups) {
    const lo = start;
    const hi = start + count;
    gens.push(onWorkers((w) => typeof w === 'number' && w >= lo && w < hi, g));
    start = hi;
  }
  const lo = start;
  gens.push(onWorkers((w) => w === 'nemesis' || w >= lo, rest));
  return any(...gens);
}
