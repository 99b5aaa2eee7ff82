import type { History, Key, Op } from '../../../core/history.js';
import type { CsrBuffers } from '../graph/csr.js';
import { EdgeList } from '../graph/edge-list.js';
import { parseTxnOptions, type TxnCheckOptions } from '../options.js';
import type { TxnCheckDetails, TxnCheckStats, TxnVerdict } from '../types.js';
import { AnomalyLog } from './anomaly-log.js';
import { analyzeCycles } from './cycle-analysis.js';
import { planCheck, type CheckPlan } from './plan.js';
import { buildVerdict } from './result.js';
import { encodeTxns, FAIL, INFO, OK, type TxnTable, type WorkloadKind } from './txn-table.js';
import type { DataEdgeExplainer } from './witness.js';

/** What differs between list-append and rw-register: how versions, data edges and single-transaction anomalies are found. */
export interface WorkloadAnalyzer {
  workload: WorkloadKind;
  /** Logs the anomalies found without a cycle search, adds ww/wr/rw edges, and returns how to explain them. */
  analyze(table: TxnTable, options: TxnCheckOptions, plan: CheckPlan, edges: EdgeList, log: AnomalyLog): DataEdgeExplainer;
}

/**
 * The shared driver: validate options, split the history by independent key (the op-level
 * `key` field) so that unrelated keyspaces never share real-time edges, analyze each part,
 * and merge everything into one verdict.
 */
export function runTxnCheck(history: History, rawOptions: Record<string, unknown>, analyzer: WorkloadAnalyzer, signal?: AbortSignal): TxnVerdict {
  const options = parseTxnOptions(rawOptions, analyzer.workload);
  const plan = planCheck(options, signal);
  const log = new AnomalyLog(options.maxWitnesses);
  const stats: TxnCheckStats = { transactions: 0, ok: 0, info: 0, fail: 0, keys: 0, edges: 0, cyclicComponents: 0, largestComponent: 0 };
  const incomplete: TxnCheckDetails['incomplete'] = [];
  const whole = encodeTxns(history, analyzer.workload);
  const parts = whole.independentKeys ? splitByIndependentKey(history) : [{ key: undefined, history }];
  let dataEdges = 0;
  for (const part of parts) {
    const table = whole.independentKeys ? encodeTxns(part.history, analyzer.workload) : whole;
    if (table.count === 0) continue;
    log.independentKey = part.key;
    const { edges, buffers } = allocateGraph(table, plan);
    const explainer = analyzer.analyze(table, options, plan, edges, log);
    dataEdges += edges.length;
    if (signal?.aborted) return { valid: 'unknown', reason: 'the check was aborted before its cycle search' };
    const cycles = analyzeCycles(table, edges, explainer, plan.cycles, log, buffers);
    addStats(stats, table, cycles.edges, cycles.components, cycles.largestComponent);
    incomplete.push(...cycles.incomplete);
  }
  log.independentKey = undefined;
  if (stats.transactions === 0) {
    const verdict = buildVerdict(options, plan.prohibited, log, incomplete, stats);
    return { ...verdict, valid: 'unknown', reason: 'the history has no transactions (operations with f "txn") to check' };
  }
  const verdict = buildVerdict(options, plan.prohibited, log, incomplete, stats);
  // As Elle's empty-transaction-graph: without a single ww, wr or rw dependency no cycle can
  // exist, so a history without other anomalies showed nothing either way.
  if (dataEdges === 0 && verdict.valid === true) return { ...verdict, valid: 'unknown', reason: EMPTY_GRAPH_REASON };
  return verdict;
}

export const EMPTY_GRAPH_REASON =
  "empty-transaction-graph: no transaction read another's write or wrote after another, so there is no dependency between transactions to check";

/**
 * The graph's big arrays, allocated together and early. Typed arrays count as external
 * memory, and V8 answers every 64 MB of it by marking the whole heap, which here holds the
 * entire history; one early allocation costs one such collection instead of several.
 * Sizes are upper bounds: a wr and an rw edge per read, a ww edge per write, and the order
 * edges (three per transaction for the real-time chain, whose helper nodes number at most
 * one per transaction).
 */
function allocateGraph(table: TxnTable, plan: CheckPlan): { edges: EdgeList; buffers: CsrBuffers } {
  const orderEdges = plan.cycles.realtime ? table.count * 3 : plan.cycles.process ? table.count : 0;
  const capacity = 1024 + table.readCount * 2 + table.writeCount + orderEdges;
  const nodes = table.count * (plan.cycles.realtime ? 2 : 1) + 1;
  return {
    edges: new EdgeList(capacity),
    buffers: { offsets: new Int32Array(nodes + 1), targets: new Int32Array(capacity), kinds: new Uint8Array(capacity) },
  };
}

function addStats(stats: TxnCheckStats, table: TxnTable, edges: number, components: number, largest: number): void {
  stats.transactions += table.count;
  for (let t = 0; t < table.count; t++) {
    const s = table.status[t];
    if (s === OK) stats.ok++;
    else if (s === INFO) stats.info++;
    else if (s === FAIL) stats.fail++;
  }
  stats.keys += table.keys.length;
  stats.edges += edges;
  stats.cyclicComponents += components;
  stats.largestComponent = Math.max(stats.largestComponent, largest);
}

/** Sub-histories per op-level key; a history without keys is one part. */
export function splitByIndependentKey(history: History): { key: Key | undefined; history: History }[] {
  const parts = new Map<Key | undefined, Op[]>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    let part = parts.get(op.key);
    if (!part) parts.set(op.key, (part = []));
    part.push(op);
  }
  return [...parts].map(([key, ops]) => ({ key, history: ops }));
}
