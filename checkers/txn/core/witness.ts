import type { Key } from '../../../core/history.js';
import type { CycleAnomalyType } from '../consistency/anomalies.js';
import { EDGE_KIND_NAMES, type EdgeKind } from '../graph/edge-kinds.js';
import type { Witness, WitnessEdge, WitnessTxn } from '../types.js';
import { FAIL, INFO, NIL_LIST, type TxnTable } from './txn-table.js';

// Turning integer-encoded findings back into words. Only reported witnesses come through
// here, so string building is fine.

/** Why one transaction precedes another on some key, as a data-specific explainer finds it. */
export interface DataEdgeEvidence {
  key: Key;
  value: unknown;
  previous?: unknown;
  /** The clause after "because", e.g. "T2 observed T1's append of 3 to key x". */
  because: string;
}

export interface DataEdgeExplainer {
  explain(from: number, to: number, kind: 'ww' | 'wr' | 'rw'): DataEdgeEvidence | undefined;
}

/** The history index that names a transaction: its completion's, or its invocation's if it never completed. */
export function txnIndex(table: TxnTable, t: number): number {
  const pos = table.completePos[t] >= 0 ? table.completePos[t] : table.invokePos[t];
  return table.history[pos].index;
}

export function txnName(table: TxnTable, t: number): string {
  return `T${txnIndex(table, t)}`;
}

export function witnessTxn(table: TxnTable, t: number): WitnessTxn {
  const status = table.status[t];
  const invoke = table.history[table.invokePos[t]];
  const recordedPos = status === FAIL || status === INFO ? table.invokePos[t] : table.completePos[t];
  return {
    id: txnName(table, t),
    index: txnIndex(table, t),
    invokeIndex: invoke.index,
    process: table.process[t],
    type: status === FAIL ? 'fail' : status === INFO ? 'info' : 'ok',
    ops: table.history[recordedPos].value as unknown[],
  };
}

/** A value as explanations print it: JSON, with long lists cut in the middle. */
export function showValue(value: unknown): string {
  if (value === NIL_LIST) return 'nil (the empty list)';
  if (Array.isArray(value) && value.length > 12) {
    const head = value.slice(0, 5).map((v) => JSON.stringify(v));
    const tail = value.slice(-4).map((v) => JSON.stringify(v));
    return `[${head.join(',')},…,${tail.join(',')}] (${value.length} elements)`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** A key as explanations print it: bare when it reads unambiguously, JSON otherwise. */
export function showKey(key: Key): string {
  if (typeof key === 'number') return String(key);
  return /^[A-Za-z_][\w-]*$/.test(key) && !/^\d/.test(key) ? key : JSON.stringify(key);
}

const SHAPE_WORDS: Record<string, string> = {
  G0: 'a write cycle',
  G1c: 'circular information flow',
  'G-single': 'a cycle with exactly one anti-dependency (read skew)',
  'G-nonadjacent': 'a cycle whose anti-dependencies are never adjacent',
  'G2-item': 'a cycle with adjacent anti-dependencies (write skew)',
};

/** A cycle of global transaction ids as a witness, one explanation line per edge. */
export function cycleWitness(
  table: TxnTable,
  type: CycleAnomalyType,
  nodes: readonly number[],
  kinds: readonly number[],
  minimal: boolean,
  explainer: DataEdgeExplainer,
): Witness {
  const edges: WitnessEdge[] = nodes.map((from, i) => explainEdge(table, from, nodes[(i + 1) % nodes.length], EDGE_KIND_NAMES[kinds[i]], explainer));
  const shape = type.replace(/-(process|realtime)$/, '');
  const names = nodes.map((t) => txnName(table, t));
  const via = type.endsWith('-realtime') ? ', using real-time order' : type.endsWith('-process') ? ', using process order' : '';
  return {
    type,
    txns: nodes.map((t) => witnessTxn(table, t)),
    edges,
    summary: `${type}: ${SHAPE_WORDS[shape]}${via}, ${[...names, names[0]].join(' < ')}`,
    explanation: edges.map((e) => e.explanation),
    minimal,
  };
}

function explainEdge(table: TxnTable, from: number, to: number, kind: EdgeKind, explainer: DataEdgeExplainer): WitnessEdge {
  const a = txnName(table, from);
  const b = txnName(table, to);
  const base = { from: txnIndex(table, from), to: txnIndex(table, to), kind };
  if (kind === 'process') {
    return { ...base, explanation: `${a} < ${b} because process ${table.process[from]} ran ${a} before ${b}` };
  }
  if (kind === 'realtime') {
    const done = table.history[table.completePos[from]].index;
    const began = table.history[table.invokePos[to]].index;
    return { ...base, explanation: `${a} < ${b} because ${a} completed (index ${done}) before ${b} was invoked (index ${began})` };
  }
  const evidence = explainer.explain(from, to, kind);
  if (!evidence) return { ...base, explanation: `${a} < ${b} (${kind})` };
  const edge: WitnessEdge = { ...base, key: evidence.key, value: evidence.value, explanation: `${a} < ${b} because ${evidence.because}` };
  if (evidence.previous !== undefined) edge.previous = evidence.previous;
  return edge;
}
