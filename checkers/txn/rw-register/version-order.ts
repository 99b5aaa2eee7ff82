import { FAIL, MOP_READ, OK, type TxnTable } from '../core/txn-table.js';
import { anyCycle } from '../graph/component-search.js';
import { buildCsr, mergeParallelEdges } from '../graph/csr.js';
import { EdgeList } from '../graph/edge-list.js';
import { inducedSubgraph } from '../graph/local-graph.js';
import { cyclicComponents } from '../graph/tarjan.js';
import type { TxnCheckOptions } from '../options.js';
import type { RegisterIndex } from './register-index.js';

/** Why one version of a key is known to precede another. */
export const BY_INITIAL_STATE = 1;
export const BY_WRITES_FOLLOW_READS = 2;
export const BY_PROCESS_ORDER = 4;
export const BY_REAL_TIME = 8;

export interface VersionCycle {
  key: number;
  versions: number[];
  reasons: number[];
}

export interface VersionOrder {
  /** Known "v1 precedes v2" pairs (version ids), with reason bits. */
  edges: EdgeList;
  /** (v1 * versionCount + v2) → reason bits, for explanations. */
  reasons: Map<number, number>;
  /** Keys whose inferred orders contradict each other, with one cycle each. */
  cycles: VersionCycle[];
}

/** The versions a transaction saw or made of one key: the first (its external read, else its write) and the last. */
interface Touch {
  txn: number;
  key: number;
  first: number;
  last: number;
}

/**
 * Infers each key's version order: the initial state precedes every version, and, as the
 * options allow, a transaction's external read precedes its external write (writes follow
 * reads), a process sees versions in order (sequential keys), and versions follow real
 * time (linearizable keys). Keys whose inferred order has a cycle are reported and fall
 * back to the initial-state order alone, which cannot contradict itself.
 */
export function inferVersionOrder(table: TxnTable, index: RegisterIndex, options: TxnCheckOptions): VersionOrder {
  const touches = touchesByTxn(table, index);
  const inferred = new EdgeList(1024);
  if (options.wfrKeys) {
    for (const list of touches) {
      for (const touch of list ?? []) {
        if (table.status[touch.txn] === OK) link(index, inferred, touch.first, touch.last, BY_WRITES_FOLLOW_READS);
      }
    }
  }
  if (options.sequentialKeys) addProcessOrder(table, index, touches, inferred);
  if (options.linearizableKeys) addRealTimeOrder(table, index, touches, inferred);

  const graph = mergeParallelEdges(buildCsr(index.versionCount, inferred));
  const cycles: VersionCycle[] = [];
  const cyclicKeys = new Set<number>();
  const localOf = new Int32Array(index.versionCount).fill(-1);
  for (const members of cyclicComponents(graph)) {
    const key = index.versionKey[members[0]];
    if (cyclicKeys.has(key)) continue;
    cyclicKeys.add(key);
    const cycle = anyCycle(inducedSubgraph(graph, members, localOf));
    if (!cycle) continue;
    const versions = cycle.nodes.map((v) => members[v]);
    cycles.push({ key, versions, reasons: versions.map((v, i) => reasonBetween(graph, v, versions[(i + 1) % versions.length])) });
  }

  const edges = new EdgeList(graph.targets.length + index.versionCount);
  const reasons = new Map<number, number>();
  const hasPredecessor = new Uint8Array(index.versionCount);
  const add = (from: number, to: number, why: number) => {
    edges.add(from, to, why);
    reasons.set(from * index.versionCount + to, why);
  };
  for (let v = 0; v < graph.nodeCount; v++) {
    if (cyclicKeys.has(index.versionKey[v])) continue;
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      add(v, graph.targets[e], graph.kinds[e]);
      hasPredecessor[graph.targets[e]] = 1;
    }
  }
  // Only versions with no other known predecessor need the edge from the initial state;
  // for the rest it follows through their predecessors.
  for (let v = 0; v < index.versionCount; v++) {
    if (index.versionWriter[v] < 0) continue;
    const k = index.versionKey[v];
    if (!hasPredecessor[v] || cyclicKeys.has(k)) add(index.nilVersion[k], v, BY_INITIAL_STATE);
  }
  return { edges, reasons, cycles };
}

function link(index: RegisterIndex, edges: EdgeList, from: number, to: number, why: number): void {
  if (from < 0 || to < 0 || from === to || index.versionWriter[from] < 0) return;
  edges.add(from, to, why);
}

function reasonBetween(graph: ReturnType<typeof buildCsr>, from: number, to: number): number {
  for (let e = graph.offsets[from]; e < graph.offsets[from + 1]; e++) if (graph.targets[e] === to) return graph.kinds[e];
  return 0;
}

function touchesByTxn(table: TxnTable, index: RegisterIndex): (Touch[] | undefined)[] {
  const out: (Touch[] | undefined)[] = new Array(table.count);
  for (let t = 0; t < table.count; t++) {
    if (table.status[t] === FAIL) continue;
    let list: Touch[] | undefined;
    for (let m = table.mopStart[t]; m < table.mopStart[t + 1]; m++) {
      const v = index.mopVersion[m];
      if (v < 0 || index.external[m] === 0) continue;
      const key = table.mopKey[m];
      list ??= [];
      let touch = list.find((x) => x.key === key);
      if (!touch) list.push((touch = { txn: t, key, first: v, last: v }));
      else if (table.mopKind[m] !== MOP_READ) touch.last = v;
    }
    out[t] = list;
  }
  return out;
}

function addProcessOrder(table: TxnTable, index: RegisterIndex, touches: (Touch[] | undefined)[], edges: EdgeList): void {
  const K = table.keys.length;
  const last = new Map<number, number>();
  for (let t = 0; t < table.count; t++) {
    for (const touch of touches[t] ?? []) {
      const slot = table.process[t] * K + touch.key;
      const prev = last.get(slot);
      if (prev !== undefined) link(index, edges, prev, touch.first, BY_PROCESS_ORDER);
      // An indeterminate transaction may not have happened, so it cannot order what follows.
      if (table.status[t] === OK) last.set(slot, touch.last);
    }
  }
}

function addRealTimeOrder(table: TxnTable, index: RegisterIndex, touches: (Touch[] | undefined)[], edges: EdgeList): void {
  const frontier = new Map<number, Touch[]>();
  const { txnAt, invokePos, completePos, status } = table;
  for (let pos = 0; pos < txnAt.length; pos++) {
    const t = txnAt[pos];
    if (t < 0 || status[t] === FAIL) continue;
    const list = touches[t] ?? [];
    if (pos === invokePos[t]) {
      for (const touch of list) for (const done of frontier.get(touch.key) ?? []) link(index, edges, done.last, touch.first, BY_REAL_TIME);
      continue;
    }
    if (status[t] !== OK) continue;
    for (const touch of list) {
      const kept = (frontier.get(touch.key) ?? []).filter((done) => completePos[done.txn] > invokePos[t]);
      kept.push(touch);
      frontier.set(touch.key, kept);
    }
  }
}
