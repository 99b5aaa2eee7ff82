import type { CycleAnomalyType } from '../consistency/anomalies.js';
import { classifyCycle } from '../graph/cycle-automata.js';
import { KIND_PROCESS, KIND_REALTIME } from '../graph/edge-kinds.js';
import { FAIL, OK, type TxnTable } from './txn-table.js';

const MAX_SHORTCUT_LENGTH = 200;

/**
 * The graph holds only the transitive reduction of real-time and process order, so a
 * cycle may walk T1 → T2 → T3 in real time where "T1 completed before T3 began" says the
 * same in one step. This replaces any stretch of a cycle by one such edge when the
 * relation holds directly and the cycle keeps its type, longest stretches first.
 */
export function shortcutOrderEdges(table: TxnTable, type: CycleAnomalyType, nodes: number[], kinds: number[]): { nodes: number[]; kinds: number[] } {
  const kind = type.endsWith('-realtime') ? KIND_REALTIME : type.endsWith('-process') ? KIND_PROCESS : -1;
  if (kind < 0 || nodes.length > MAX_SHORTCUT_LENGTH) return { nodes, kinds };
  const precedes =
    kind === KIND_REALTIME
      ? (a: number, b: number) => table.status[a] === OK && table.completePos[a] < table.invokePos[b]
      : (a: number, b: number) => a < b && table.process[a] === table.process[b] && table.status[a] !== FAIL;
  let improved = true;
  while (improved) {
    improved = false;
    const n = nodes.length;
    for (let span = n - 1; span >= 2 && !improved; span--) {
      for (let i = 0; i < n && !improved; i++) {
        const j = (i + span) % n;
        if (!precedes(nodes[i], nodes[j])) continue;
        const keepNodes: number[] = [];
        const keepKinds: number[] = [];
        for (let s = 0; s < n - span + 1; s++) {
          const at = (j + s) % n;
          keepNodes.push(nodes[at]);
          keepKinds.push(at === i ? kind : kinds[at]);
        }
        if (classifyCycle(keepKinds) !== type) continue;
        nodes = keepNodes;
        kinds = keepKinds;
        improved = true;
      }
    }
  }
  return { nodes, kinds };
}
