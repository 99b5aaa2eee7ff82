import { EdgeList } from '../graph/edge-list.js';
import { PROCESS, REALTIME } from '../graph/edge-kinds.js';
import { FAIL, OK, type TxnTable } from './txn-table.js';

/**
 * Process order: each transaction that may have committed, to the next one its process
 * ran. Failed transactions never happened, so the chain skips them.
 */
export function addProcessEdges(table: TxnTable, edges: EdgeList): void {
  const last = new Map<number, number>();
  for (let t = 0; t < table.count; t++) {
    if (table.status[t] === FAIL) continue;
    const p = table.process[t];
    const prev = last.get(p);
    if (prev !== undefined) edges.add(prev, t, PROCESS);
    last.set(p, t);
  }
}

/**
 * Real-time order (T1 completed before T2 was invoked) has up to n² pairs and even its
 * transitive reduction holds about n × concurrency edges. For finding components we only
 * need reachability, so we thread a chain of helper nodes through the completions instead:
 * T1 → c(T1's completion) → c(next completion) → … → T2 for every T2 invoked later. That is
 * three edges per transaction; the explicit pairs are materialized only inside the few
 * components that have cycles (see realtimeEdgesAmong). Returns the number of helper
 * nodes, numbered from table.count.
 */
export function addRealtimeChain(table: TxnTable, edges: EdgeList): number {
  const base = table.count;
  let chain = -1;
  const { txnAt, invokePos, status } = table;
  for (let pos = 0; pos < txnAt.length; pos++) {
    const t = txnAt[pos];
    if (t < 0) continue;
    if (pos === invokePos[t]) {
      if (chain >= 0 && status[t] !== FAIL) edges.add(base + chain, t, REALTIME);
    } else if (status[t] === OK) {
      // Only ok transactions are known to have finished; an info one may take effect later.
      chain++;
      edges.add(t, base + chain, REALTIME);
      if (chain > 0) edges.add(base + chain - 1, base + chain, REALTIME);
    }
  }
  return chain + 1;
}

/**
 * The real-time edges among one component's members (ascending transaction ids, which is
 * invocation order), in local ids: the transitive reduction computed with a frontier of
 * completed transactions not yet followed by another completed one.
 */
export function realtimeEdgesAmong(table: TxnTable, members: Int32Array): EdgeList {
  const { invokePos, completePos, status } = table;
  const local = new Map<number, number>();
  members.forEach((t, i) => local.set(t, i));
  const completed = Array.from(members)
    .filter((t) => status[t] === OK)
    .sort((a, b) => completePos[a] - completePos[b]);
  const edges = new EdgeList(members.length * 2);
  let frontier: number[] = [];
  let c = 0;
  for (let i = 0; i < members.length; i++) {
    const t = members[i];
    while (c < completed.length && completePos[completed[c]] < invokePos[t]) {
      const done = completed[c++];
      frontier = frontier.filter((f) => completePos[f] > invokePos[done]);
      frontier.push(done);
    }
    for (const f of frontier) edges.add(local.get(f) as number, i, REALTIME);
  }
  return edges;
}
