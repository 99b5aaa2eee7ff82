import type { Key, Op } from '../../core/history.js';
import type { LatencyQuantiles } from './quantiles.js';

// History convention for the set-full checker (Jepsen's set-full workload):
//   {"f":"add","value":7}           invoke and completion both carry the element
//   {"f":"read","value":null}       invoke
//   {"f":"read","value":[1,5,7]}    ok completion: every element the read saw
// An optional `key` makes each key an independent set.

/** Elements are compared by identity, so 1 and "1" are different elements. */
export type SetElement = number | string;

export type SetAddOp = Op & { f: 'add'; value: SetElement };
export type SetReadOp = Op & { f: 'read'; value: SetElement[] | null };

/**
 * What became of one element:
 * - `ok`: visible to every read that began after it became visible (and at least one did);
 * - `stale`: missed by some read that began after it became visible, but seen again later;
 * - `lost`: became visible (acknowledged, or seen by a read), then missed by every read from
 *   some point on, with at least one such read;
 * - `never-read`: acknowledged, but no read began after it became visible;
 * - `recovered`: its add had an unknown outcome (info) and reads saw it, with no later loss;
 * - `unexpected`: a read saw it although it was never added, its add failed, or the read
 *   finished before the add began;
 * - `indeterminate`: its add had an unknown outcome and no read ever saw it;
 * - `failed`: its add failed and no read saw it.
 */
export type SetOutcome = 'ok' | 'stale' | 'lost' | 'never-read' | 'recovered' | 'unexpected' | 'indeterminate' | 'failed';

export const SET_OUTCOMES: readonly SetOutcome[] = ['ok', 'stale', 'lost', 'never-read', 'recovered', 'unexpected', 'indeterminate', 'failed'];

/** One element in a report. Indices point into the history. */
export interface SetElementRef {
  key?: Key;
  element: SetElement;
  /** The invocation of its first add; null when it was never added. */
  addIndex: number | null;
  /** The ok completion of its add; null when no add was acknowledged. */
  ackIndex: number | null;
}

export interface LostElement extends SetElementRef {
  /** Completion of the last read that saw it; null when no read ever did. */
  lastSeenIndex: number | null;
  /** Completions of the first reads that missed it for good (at most 10). */
  missedBy: number[];
  missedByCount: number;
}

export interface StaleElement extends SetElementRef {
  /** Reads that began after it was visible and missed it. */
  staleReads: number;
  firstStaleReadIndex: number;
}

export interface UnexpectedElement extends SetElementRef {
  /** Completion of the first read that saw it. */
  firstSeenIndex: number;
  why: 'never-added' | 'add-failed' | 'read-before-add';
}

export interface SetFullDetails {
  /** Independent keys checked (1 for a history without keys). */
  keys: number;
  /** Distinct elements with an add invocation, and those acknowledged. */
  attempted: number;
  acknowledged: number;
  /** Complete counts per outcome, across keys. */
  outcomes: Record<SetOutcome, number>;
  /** Element misses by reads that began after the element was visible, on elements seen again later. */
  staleReads: number;
  lost: LostElement[];
  stale: StaleElement[];
  neverRead: SetElementRef[];
  recovered: SetElementRef[];
  unexpected: UnexpectedElement[];
  /** From an add's invocation to the start of the first read after which every read saw it. */
  stableLatencyMs: LatencyQuantiles | null;
  /** True when some list above stopped at the `limit` option; `outcomes` still counts everything. */
  truncated: boolean;
}
