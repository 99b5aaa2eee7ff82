import type { AnomalyType, CycleAnomalyType } from '../consistency/anomalies.js';
import { SearchBudget, type BudgetLimits } from '../graph/budget.js';
import { searchComponent } from '../graph/component-search.js';
import type { CycleAutomaton } from '../graph/cycle-automata.js';
import { buildCsr, type CsrBuffers } from '../graph/csr.js';
import type { EdgeList } from '../graph/edge-list.js';
import { inducedSubgraph } from '../graph/local-graph.js';
import { cyclicComponents, hasCycle } from '../graph/tarjan.js';
import type { AnomalyLog } from './anomaly-log.js';
import { shortcutOrderEdges } from './shortcut.js';
import { addProcessEdges, addRealtimeChain, realtimeEdgesAmong } from './order-edges.js';
import type { TxnTable } from './txn-table.js';
import { cycleWitness, txnIndex, type DataEdgeExplainer } from './witness.js';

export interface CyclePlan {
  /** The cycle types worth searching, in search order. */
  automata: readonly CycleAutomaton[];
  process: boolean;
  realtime: boolean;
  budget: BudgetLimits;
}

export interface CycleAnalysis {
  edges: number;
  components: number;
  largestComponent: number;
  incomplete: { componentSize: number; types: AnomalyType[]; reason: string }[];
}

/**
 * Adds the order edges the plan needs to the data edges, finds the strongly connected
 * components, and searches each for the planned cycle types within its own budget. Found
 * cycles go to the log, shortest first.
 */
export function analyzeCycles(
  table: TxnTable,
  edges: EdgeList,
  explainer: DataEdgeExplainer,
  plan: CyclePlan,
  log: AnomalyLog,
  buffers?: CsrBuffers,
): CycleAnalysis {
  if (plan.process && !plan.realtime) addProcessEdges(table, edges);
  const edgeCount = edges.length;
  const helpers = plan.realtime ? addRealtimeChain(table, edges) : 0;
  const graph = buildCsr(table.count + helpers, edges, buffers);
  // The edge list is spent once the graph is built; its source array is scratch for the cycle test.
  const components = hasCycle(graph, 0xff, edges.from) ? cyclicComponents(graph, 0xff, table.count) : [];
  const result: CycleAnalysis = { edges: edgeCount, components: components.length, largestComponent: 0, incomplete: [] };
  if (components.length === 0) return result;

  const localOf = new Int32Array(graph.nodeCount).fill(-1);
  const found: { type: CycleAnomalyType; nodes: number[]; kinds: number[]; minimal: boolean }[] = [];
  for (const members of components) {
    result.largestComponent = Math.max(result.largestComponent, members.length);
    const extra = plan.realtime ? realtimeEdgesAmong(table, members) : undefined;
    const local = inducedSubgraph(graph, members, localOf, extra);
    const search = searchComponent(local, plan.automata, new SearchBudget(plan.budget));
    for (const c of search.cycles) {
      const direct = shortcutOrderEdges(
        table,
        c.type,
        c.cycle.nodes.map((v) => members[v]),
        c.cycle.kinds,
      );
      found.push({ type: c.type, ...startAtEarliest(table, direct.nodes, direct.kinds), minimal: c.minimal });
    }
    if (search.undecided && search.undecided.types.length > 0) {
      result.incomplete.push({ componentSize: members.length, types: search.undecided.types, reason: search.undecided.reason });
    }
  }
  found.sort((a, b) => a.nodes.length - b.nodes.length || txnIndex(table, a.nodes[0]) - txnIndex(table, b.nodes[0]));
  for (const c of found) log.add(c.type, () => cycleWitness(table, c.type, c.nodes, c.kinds, c.minimal, explainer));
  return result;
}

/** Rotates a cycle to begin at its lowest-numbered transaction, so the same cycle always reads the same way. */
function startAtEarliest(table: TxnTable, nodes: number[], kinds: number[]): { nodes: number[]; kinds: number[] } {
  let first = 0;
  for (let i = 1; i < nodes.length; i++) if (txnIndex(table, nodes[i]) < txnIndex(table, nodes[first])) first = i;
  return { nodes: [...nodes.slice(first), ...nodes.slice(0, first)], kinds: [...kinds.slice(first), ...kinds.slice(0, first)] };
}
