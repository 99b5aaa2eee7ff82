import type { Key, Op, ProcessId } from './history.js';
import type { Rng } from './rng.js';

// Generators in the spirit of Jepsen's: immutable values asked "what next?" with the current
// context. Asking has no effect besides drawing from the seeded Rng, so the interpreter may
// ask again whenever the context changes (a completion arrives, time passes) and keep only
// the answer it acts on.

/** A worker is a client slot (0 … concurrency-1) or the nemesis; its process changes after `info`. */
export type WorkerId = number | 'nemesis';

export interface GenContext {
  /** Nanoseconds since the run began. */
  readonly time: number;
  readonly rng: Rng;
  /** Idle processes this generator may use, in worker order. */
  readonly free: readonly ProcessId[];
  /** Every worker this generator may use, idle or busy. */
  readonly workers: readonly WorkerId[];
  /** The current process of a worker. */
  processOf(worker: WorkerId): ProcessId;
  workerOf(process: ProcessId): WorkerId;
}

/** What a generator wants done: an operation without the bookkeeping the interpreter adds. */
export interface OpTemplate {
  f: string;
  value: unknown;
  key?: Key;
}

export interface GenOp extends OpTemplate {
  process: ProcessId;
  /** Earliest time (ns) at which to invoke it. */
  time: number;
}

export type GenStep =
  | { readonly type: 'op'; readonly op: GenOp; readonly gen: Generator | null }
  /** Nothing to do now; ask again after an event or at `wakeAt`. */
  | { readonly type: 'pending'; readonly gen: Generator; readonly wakeAt?: number }
  | null;

export interface Generator {
  op(ctx: GenContext): GenStep;
  /** Every invocation and completion the interpreter records is shown to the generator. */
  update(ctx: GenContext, event: Op): Generator;
}

/** A generator, or a bare template (one operation), or a function (an endless stream). */
export type GenLike = Generator | OpTemplate | ((ctx: GenContext) => OpTemplate | null);
