import type { ProcessId } from '../history.js';
import type { Rng } from '../rng.js';
import type { GenContext, WorkerId } from './types.js';

/** What a context needs to know about workers; the interpreter's WorkerTable provides it. */
export interface WorkerState {
  isBusy(worker: WorkerId): boolean;
  processOf(worker: WorkerId): ProcessId;
  workerOf(process: ProcessId): WorkerId | undefined;
}

/**
 * The context the interpreter (or a simulation) hands to generators: a view of the worker
 * table at one moment, valid only until the next event. Restriction narrows which workers a
 * sub-generator may use.
 */
export class WorkerContext implements GenContext {
  private freeCache: ProcessId[] | undefined;

  constructor(
    readonly time: number,
    readonly rng: Rng,
    readonly workers: readonly WorkerId[],
    private readonly state: WorkerState,
  ) {}

  get free(): ProcessId[] {
    if (!this.freeCache) {
      this.freeCache = [];
      for (const w of this.workers) if (!this.state.isBusy(w)) this.freeCache.push(this.state.processOf(w));
    }
    return this.freeCache;
  }

  processOf(worker: WorkerId): ProcessId {
    return this.state.processOf(worker);
  }

  workerOf(process: ProcessId): WorkerId {
    const w = this.state.workerOf(process);
    if (w === undefined) throw new Error(`no worker runs process ${String(process)}`);
    return w;
  }

  restrict(keep: (worker: WorkerId) => boolean): WorkerContext {
    return new WorkerContext(this.time, this.rng, this.workers.filter(keep), this.state);
  }
}

export function restrictContext(ctx: GenContext, keep: (worker: WorkerId) => boolean): GenContext {
  if (ctx instanceof WorkerContext) return ctx.restrict(keep);
  const workers = ctx.workers.filter(keep);
  const allowed = new Set(workers);
  return {
    time: ctx.time,
    rng: ctx.rng,
    workers,
    free: ctx.free.filter((p) => allowed.has(ctx.workerOf(p))),
    processOf: (w) => ctx.processOf(w),
    workerOf: (p) => ctx.workerOf(p),
  };
}

/** Everything idle: what `synchronize` and `phases` wait for. */
export function allFree(ctx: GenContext): boolean {
  return ctx.free.length === ctx.workers.length;
}
