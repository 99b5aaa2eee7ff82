import type { ProcessId } from '../core/history.js';
import type { Rng } from '../core/rng.js';
import type { GenContext, WorkerId } from '../core/generator.js';

/** What a context needs to know about workers; the interpreter's WorkerTable provides it. */
export interface WorkerState {
  isBusy(worker: WorkerId): boolean;
  /** Idle workers, in the order they became idle. */
  idleWorkers(): Iterable<WorkerId>;
  readonly workers: readonly WorkerId[];
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

  /** Walks the idle workers rather than all of them: with many clients, few are idle at once. */
  get free(): ProcessId[] {
    if (!this.freeCache) {
      this.freeCache = [];
      const all = this.workers === this.state.workers;
      const allowed = all ? undefined : workerSet(this.workers);
      for (const w of this.state.idleWorkers()) if (all || allowed!.has(w)) this.freeCache.push(this.state.processOf(w));
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
    return new WorkerContext(this.time, this.rng, filteredWorkers(this.workers, keep), this.state);
  }
}

// Generators ask on every event with the same predicates over the same worker lists;
// remembering the filtered lists keeps each ask from re-filtering every worker.
const filterCache = new WeakMap<(worker: WorkerId) => boolean, { from: readonly WorkerId[]; to: readonly WorkerId[] }[]>();

function filteredWorkers(workers: readonly WorkerId[], keep: (worker: WorkerId) => boolean): readonly WorkerId[] {
  let entries = filterCache.get(keep);
  if (!entries) filterCache.set(keep, (entries = []));
  for (const entry of entries) if (entry.from === workers) return entry.to;
  const to = workers.filter(keep);
  entries.push({ from: workers, to });
  if (entries.length > 8) entries.shift();
  return to;
}

const setCache = new WeakMap<readonly WorkerId[], ReadonlySet<WorkerId>>();

function workerSet(workers: readonly WorkerId[]): ReadonlySet<WorkerId> {
  let set = setCache.get(workers);
  if (!set) setCache.set(workers, (set = new Set(workers)));
  return set;
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
