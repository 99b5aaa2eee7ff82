// The sequential specification a history is checked against. A model is pure data and
// functions (STYLE.md point 3): `step` takes a state, an input and an output and answers
// the next state or ILLEGAL, never mutating its arguments, so the search can keep old
// states on its stack and in its cache.

/** What `step` answers when the operation cannot happen in that state. */
// Symbol.for: a user's model that imports ILLEGAL from another copy of faultline answers the same symbol.
export const ILLEGAL: unique symbol = Symbol.for('faultline.model.illegal');
export type Illegal = typeof ILLEGAL;

/** One operation of the history as a model sees it, before the search starts. */
export interface ModelOperation {
  /** The operation's name, e.g. "read", "write", "cas". */
  f: string;
  /** The invocation's value (a read invokes with null). */
  value: unknown;
  /** The completion's value when the operation completed `ok`; undefined when its outcome is unknown. */
  output: unknown;
  /** `ok`: took effect inside its interval. `info`: took effect at some time after its invocation, or never. */
  outcome: 'ok' | 'info';
}

/** A model's own encoding of one operation, computed once so that `step` does no parsing. */
export interface Encoded<Input, Output> {
  input: Input;
  output: Output;
}

/**
 * A sequential object. Implement this to check a history against your own specification.
 *
 * The search calls `step`, `hash` and `equal` millions of times: keep them allocation-light
 * and push all parsing into `encode`.
 */
export interface Model<State = any, Input = any, Output = any> {
  /** Shown in results, e.g. "cas-register". */
  readonly name: string;
  /** The state before any operation. */
  init(): State;
  /**
   * Turns an operation into the model's input and output. Answers null when the operation
   * constrains nothing and should be dropped (an `info` read). Throws OperationError for an
   * operation the model does not understand.
   */
  encode(op: ModelOperation): Encoded<Input, Output> | null;
  /** The state after the operation, or ILLEGAL when it cannot have happened in `state`. */
  step(state: State, input: Input, output: Output): State | Illegal;
  /** Equal states must have equal hashes. */
  equal(a: State, b: State): boolean;
  /** A 32-bit integer; equal states hash equally. */
  hash(state: State): number;
  /** For explanations, e.g. "3" or "[1, 2]". */
  describeState(state: State): string;
  /** For explanations, e.g. "write 3", "read → 1", "cas 1 → 2". */
  describeOperation(input: Input, output: Output): string;
  /** Why `step` answered ILLEGAL, e.g. "read 3 but the register holds 1". */
  whyIllegal?(state: State, input: Input, output: Output): string;
  /**
   * Optional, for speed: equal keys mean the two operations act identically (same input and
   * output). Pending `info` operations with equal keys are interchangeable, which lets the
   * search try only one of them at a time instead of every subset.
   */
  operationKey?(input: Input, output: Output): string | number;
  /**
   * Optional: roughly how many bytes a state holds beyond a pointer (a long string, an
   * array), so that the memory budget counts them. Omitted means negligible.
   */
  stateBytes?(state: State): number;
  /**
   * Optional: false for an operation that succeeds in every state (a write, an append, an
   * add), which observes nothing. A history whose completed operations all observe nothing
   * decides nothing, and the checker says so instead of calling it linearizable.
   */
  observes?(input: Input, output: Output): boolean;
  /**
   * Optional, for models whose reads show the whole state (kv with unique appends and writes,
   * sets with unique elements): the order the reads reveal, which decides most such
   * histories without a search and prunes the rest (revealed-order.ts). Operations are
   * numbered as the search numbers them: `ok` ones first (below `okCount`), then `info`.
   * Answers undefined when the reads do not reveal the state (a repeated value, say).
   */
  revealOrder?(ops: RevealInput<Input, Output>): Revelation | undefined;
}

/** The operations of one partition, as `revealOrder` sees them. */
export interface RevealInput<Input, Output> {
  n: number;
  okCount: number;
  inputs: readonly Input[];
  outputs: readonly Output[];
}

/**
 * What reads reveal. Each edge `from[i]` → `to[i]` says: in every legal order that places
 * `to[i]`, `from[i]` is placed, and before it. `required` marks the `info` operations some
 * read shows (so they happened); answering an order also promises that leaving any other
 * `info` operation out of a legal order leaves it legal (true when reads show the whole state
 * and every value is unique: nobody saw it), so those are never placed. A block is a group of
 * operations that occupies one unbroken stretch of every legal order, its first member first
 * (in kv: a write, the appends after it, and the reads that show it); blocks are ordered by
 * real time where their members are. `floating` marks `ok` operations no read shows, which
 * fit only where no read follows before the state is overwritten: placed as late as real time
 * allows.
 */
export interface RevealedOrder {
  from: Int32Array;
  to: Int32Array;
  required: Uint8Array;
  blocks: Int32Array[];
  floating?: Uint8Array;
  /** Why edge i holds, in words; called only for the few edges an explanation shows. */
  why(edge: number): string;
}

export type Revelation = { kind: 'order'; order: RevealedOrder } | { kind: 'impossible'; op: number; reason: string };

/** Thrown by `encode` for an operation the model cannot check; the search adds where it is. */
export class OperationError extends Error {
  readonly field: 'f' | 'value';

  constructor(field: 'f' | 'value', problem: string) {
    super(problem);
    this.name = 'OperationError';
    this.field = field;
  }
}

/** Options every built-in model understands. */
export interface ModelOptions {
  /** The register's (or each key's) value before any write; null when absent. */
  initial?: unknown;
}
