import type { Key } from '../../core/history.js';
import type { Verdict } from '../../core/verdict.js';

// The plain data a linearizability check returns. The HTML report draws failures from
// `PartitionFailure` (Porcupine-style partial linearizations), so every field is documented.

/** One operation of the history, as explanations name it. */
export interface OperationRef {
  /** History index of the invocation. */
  index: number;
  /** History index of the completion; null when the history ended before it completed. */
  completeIndex: number | null;
  /** The client process that ran it (a lane in the timeline). */
  process: number;
  /** `ok`: it took effect inside its interval. `info`: it may have taken effect any time after its invocation, or never. */
  outcome: 'ok' | 'info';
  /** The model's words for it, e.g. "write 3", "read 1", "cas 1 → 2". */
  description: string;
}

/** An operation placed in the linearization, with the model state it left. */
export interface LinearizedOperation extends OperationRef {
  /** The model state right after this operation took effect, e.g. "3". */
  stateAfter: string;
}

/** An operation that could have been placed next (its invocation comes before the deadline) but was not. */
export interface BlockedOperation extends OperationRef {
  /**
   * `illegal`: the model forbids it in the state after the prefix.
   * `dead-end`: the model allows it, but every way to continue after it failed too.
   */
  why: 'illegal' | 'dead-end';
  /** Plain words, e.g. "read 3 but the register holds 1". */
  reason: string;
}

/** Why one partition (one key) is not linearizable, at the furthest point the search reached. */
export interface PartitionFailure {
  /** The `key` of the partition; null for operations without a key. */
  key: Key | null;
  /**
   * `search`: the search ran out of orders; `linearized` is the deepest point it reached.
   * `impossible-operation`: `deadline` fits no state the history's operations can produce in
   * any order, so no order can work; the search that would have found a prefix was too
   * expensive, and `linearized` is empty.
   * `revealed-order`: the reads reveal an order of operations that real time contradicts;
   * `because` is the cycle, and `linearized` the longest prefix found (by a search the
   * revealed order pruned, or by placing operations in that order).
   */
  found: 'search' | 'impossible-operation' | 'revealed-order';
  /** For `revealed-order`: the cycle, one "A before B: why" line per step, back to the first A. */
  because?: string[];
  /** The model state before any operation. */
  initialState: string;
  /** The longest linearizable prefix found, in linearization order. */
  linearized: LinearizedOperation[];
  /** The model state after that prefix (the initial state when the prefix is empty). */
  state: string;
  /**
   * The `ok` operation whose completion the search could not get past: it completed, so it
   * had to take effect before anything invoked after that completion, and no order allows it.
   */
  deadline: OperationRef;
  /**
   * The operations that could have gone next after the prefix, and why each does not fit:
   * every `ok` one (including `deadline`) first, then `info` ones (one of each group of
   * identical ones), at most 40 in all.
   */
  blocked: BlockedOperation[];
  /** Candidates left out of `blocked` by its limit. */
  blockedOmitted: number;
  /** History indices (invocations and completions) of every operation above, ascending, to highlight. */
  indices: number[];
}

/** A partition the search could not decide within its budget. */
export interface PartitionUnknown {
  key: Key | null;
  /**
   * Which budget ran out: `time` (the timeout), `memory` (maxStates), `aborted` (the caller's
   * signal), or `unexplained`: another key had already proven the history not linearizable,
   * and this one was left after a short time spent explaining the rest.
   */
  budget: 'time' | 'memory' | 'aborted' | 'unexplained';
  /** The operations in the longest linearizable prefix found before stopping. */
  longestPrefix: number;
  /** Operations in the partition (after dropping `fail`s and unknown reads). */
  operations: number;
  statesExplored: number;
}

/** Counters of the search, for every verdict. */
export interface LinearizableStats {
  /** Independent partitions checked (one per key). */
  partitions: number;
  /** Client operations checked, after dropping `fail`s and `info` reads. */
  operations: number;
  /** Model steps the search tried, over all partitions. */
  statesExplored: number;
  /** Distinct (linearized set, state) pairs remembered, over all partitions. */
  cachedStates: number;
  /** Wall-clock time of the whole check. */
  elapsedMs: number;
  /** Worker threads used; 0 when every partition was checked in this thread. */
  workers: number;
}

export interface LinearizableDetails {
  /** The model's name, e.g. "cas-register". */
  model: string;
  stats: LinearizableStats;
  /** One entry per non-linearizable partition; empty when valid. */
  failures: PartitionFailure[];
  /** Partitions left undecided because a budget ran out, or left unexplained after the first proof. */
  undecided: PartitionUnknown[];
  /** For an invalid verdict reached before every key was decided: which keys were left unexplained. */
  note?: string;
}

export type LinearizableVerdict = Verdict<LinearizableDetails>;
