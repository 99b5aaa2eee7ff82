import type { Key } from '../../core/history.js';
import type { Verdict } from '../../core/verdict.js';
import type { AnomalyType } from './consistency/anomalies.js';
import type { ConsistencyModel } from './consistency/models.js';
import type { EdgeKind } from './graph/edge-kinds.js';

// The result the txn checkers return and the HTML report draws. Plain JSON-able data.

/** A transaction as a witness shows it. */
export interface WitnessTxn {
  /** `T<index>`, the name explanations use. */
  id: string;
  /** History index of the completion, or of the invocation when the transaction never completed. */
  index: number;
  /** History index of the invocation. */
  invokeIndex: number;
  process: number;
  /** Outcome: `info` also covers an invocation that never completed. */
  type: 'ok' | 'info' | 'fail';
  /** The micro-ops as the history records them: the completion's for `ok`, else the invocation's. */
  ops: unknown[];
}

/** One step of a cycle: `from` must come before `to`, for the reason `kind` names. */
export interface WitnessEdge {
  /** History index (the `T` number) of the earlier transaction. */
  from: number;
  /** History index of the later transaction. */
  to: number;
  kind: EdgeKind;
  /** The key the data dependency is on; absent for process and realtime edges. */
  key?: Key;
  /**
   * The value written by a transaction on this edge: `to`'s write for ww and rw (the one
   * `from` preceded or did not see), `from`'s write for wr (the one `to` read).
   */
  value?: unknown;
  /**
   * For ww, the value `from` wrote just before `value`; for rw, the version `from` read
   * (the last element of the list it saw, or null for the initial state).
   */
  previous?: unknown;
  /** "T1 < T2 because T2 observed T1's append of 3 to key x". */
  explanation: string;
}

/** Evidence for one anomaly. */
export interface Witness {
  type: AnomalyType;
  /** The transactions involved; for a cycle in cycle order, so edges[i] runs from txns[i] to txns[(i + 1) % n]. */
  txns: WitnessTxn[];
  /** Cycles only. */
  edges?: WitnessEdge[];
  /** One sentence for the whole anomaly. */
  summary: string;
  /** In words: for a cycle one line per edge, otherwise what was read and what was expected. */
  explanation: string[];
  /** The key involved, for anomalies about one key. */
  key?: Key;
  /** The value involved (the read that went wrong, the contested version). */
  value?: unknown;
  /** What a correct system would have shown instead, where that is known. */
  expected?: unknown;
  /**
   * Cycles only: true when the search tried every start, so no shorter cycle of this type
   * exists in its component's graph. That graph holds real-time and process order as
   * their transitive reductions; stretches of such edges are afterwards cut short to one
   * edge where the order holds directly.
   */
  minimal?: boolean;
  /** When the history was split by its op-level `key` field: the independent key this came from. */
  independentKey?: Key;
}

export interface TxnCheckStats {
  /** Transactions (f "txn") by outcome. */
  transactions: number;
  ok: number;
  info: number;
  fail: number;
  /** Distinct keys the micro-ops touched. */
  keys: number;
  /** Dependency edges inferred (ww, wr, rw, and process when used); real-time order is implicit in the history and not counted. */
  edges: number;
  /** Strongly connected components with two or more transactions. */
  cyclicComponents: number;
  largestComponent: number;
}

export interface TxnCheckDetails {
  /** The models the history was checked against (canonical names). */
  consistencyModels: ConsistencyModel[];
  /** Every anomaly type found, sorted. Those in `prohibited` are what made the history invalid. */
  anomalyTypes: AnomalyType[];
  /** The found anomaly types the checked models (and the `anomalies` option) prohibit. */
  prohibited: AnomalyType[];
  /** Witnesses per type, at most `maxWitnesses` each (the shortest cycles first). */
  anomalies: Partial<Record<AnomalyType, Witness[]>>;
  /** How many instances of each type were found, witnesses kept or not. */
  anomalyCounts: Partial<Record<AnomalyType, number>>;
  /** The weakest models the found anomalies rule out. */
  notModels: ConsistencyModel[];
  /** Every other model they rule out. */
  alsoNotModels: ConsistencyModel[];
  /** Cycle searches the budget cut short: which types went undecided in how big a component, and why. */
  incomplete: { componentSize: number; types: AnomalyType[]; reason: string }[];
  stats: TxnCheckStats;
}

export type TxnVerdict = Verdict<TxnCheckDetails>;
