import { NEMESIS, pairIndex, type History } from '../../core/history.js';
import { escapeHtml } from '../html/escape.js';
import { table } from '../sections/markup.js';
import type { OutcomeCounts } from './anomaly-context.js';

// Which node each client worker was bound to, and how many operations each node got. A worker
// runs processes w, w + concurrency, w + 2·concurrency, … (a process is renumbered after an
// `info`); it should send every one of them to the same node, as Jepsen binds its workers.

export interface NodeAssignment {
  node: string;
  /** Workers whose invocations were sent to this node, each with the processes it ran there. */
  workers: { worker: number; processes: number[] }[];
  /** Invocations sent to this node (the invocation's `node`), by outcome. */
  sent: OutcomeCounts;
  /** Completions that name this node as the one that answered. */
  answered: number;
}

export interface ClientNodes {
  nodes: NodeAssignment[];
  /** Workers whose processes were sent to more than one node. */
  moved: { worker: number; nodes: string[] }[];
  /** Client invocations that name no node. */
  unrecorded: number;
}

/** `concurrency` maps processes to workers; without it each process counts as its own worker. */
export function clientNodes(history: History, concurrency: number | null): ClientNodes {
  const pairs = pairIndex(history);
  const byNode = new Map<string, { workers: Map<number, Set<number>>; sent: OutcomeCounts; answered: number }>();
  const nodesOfWorker = new Map<number, Set<string>>();
  const entry = (node: string) => {
    let e = byNode.get(node);
    if (!e) byNode.set(node, (e = { workers: new Map(), sent: { invoked: 0, ok: 0, fail: 0, info: 0 }, answered: 0 }));
    return e;
  };
  let unrecorded = 0;
  // Sets only change when a process names a node it has not named before.
  const lastNode = new Map<number, string>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process === NEMESIS || typeof op.process !== 'number') continue;
    if (op.type !== 'invoke') {
      if (op.node !== undefined) entry(op.node).answered++;
      continue;
    }
    if (op.node === undefined) {
      unrecorded++;
      continue;
    }
    const e = entry(op.node);
    const complete = pairs[i] >= 0 ? history[pairs[i]] : undefined;
    const outcome = complete && complete.type !== 'invoke' ? complete.type : 'info';
    e.sent.invoked++;
    e.sent[outcome]++;
    if (lastNode.get(op.process) === op.node) continue;
    lastNode.set(op.process, op.node);
    const worker = concurrency !== null && concurrency > 0 ? op.process % concurrency : op.process;
    const processes = e.workers.get(worker) ?? new Set<number>();
    processes.add(op.process);
    e.workers.set(worker, processes);
    const nodes = nodesOfWorker.get(worker) ?? new Set<string>();
    nodes.add(op.node);
    nodesOfWorker.set(worker, nodes);
  }
  const nodes = [...byNode.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([node, e]) => ({
      node,
      workers: [...e.workers.entries()].sort(([a], [b]) => a - b).map(([worker, processes]) => ({ worker, processes: [...processes].sort((a, b) => a - b) })),
      sent: e.sent,
      answered: e.answered,
    }));
  const moved = [...nodesOfWorker.entries()].filter(([, n]) => n.size > 1).map(([worker, n]) => ({ worker, nodes: [...n].sort() }));
  return { nodes, moved, unrecorded };
}

const PROCESSES_SHOWN = 8;

function workerList(workers: NodeAssignment['workers'], byProcess: boolean): string {
  return workers
    .map(({ worker, processes }) => {
      if (byProcess) return `process ${worker}`;
      const shown = processes.slice(0, PROCESSES_SHOWN).join(', ');
      const more = processes.length > PROCESSES_SHOWN ? `, … (${processes.length} processes)` : '';
      return `worker ${worker} (process${processes.length === 1 ? '' : 'es'} ${shown}${more})`;
    })
    .join('; ');
}

export function clientNodesSection(assignment: ClientNodes, concurrency: number | null): string {
  const head = '<section id="client-nodes"><h2>Clients and nodes</h2>';
  if (assignment.nodes.length === 0) {
    return `${head}<p class="small">The history names no node for its invocations${assignment.unrecorded ? ` (${assignment.unrecorded} invocations)` : ''}: the target runs in-process, or its clients do not say which node they talk to.</p></section>`;
  }
  const byProcess = concurrency === null;
  const rows = assignment.nodes.map((n) => [
    n.node,
    workerList(n.workers, byProcess),
    `${n.sent.invoked} (${n.sent.ok} ok, ${n.sent.fail} fail, ${n.sent.info} info)`,
    String(n.answered),
  ]);
  const moved = assignment.moved.length
    ? `<p class="problem">${assignment.moved.length} ${byProcess ? 'process' : 'worker'}${assignment.moved.length === 1 ? '' : byProcess ? 'es' : 's'} sent operations to more than one node: ${assignment.moved.map((m) => `${byProcess ? 'process' : 'worker'} ${m.worker} (${m.nodes.map(escapeHtml).join(', ')})`).join('; ')}.</p>`
    : `<p class="small">Every ${byProcess ? 'process' : 'worker'} kept to one node for the whole run${byProcess ? '' : ', through every renumbering of its process'}.</p>`;
  const unrecorded = assignment.unrecorded ? `<p class="small">${assignment.unrecorded} invocations name no node and are not counted.</p>` : '';
  return `${head}<p class="hint">Each client worker is bound to one node, as Jepsen binds its workers; after an <code>info</code> its process is renumbered (old id + ${concurrency ?? 'concurrency'}) and stays on that node. <i>Sent</i> counts invocations by the node they went to; <i>answered</i> counts completions by the node that says it served them (a follower may forward to the leader).</p>${moved}
${table(['node', byProcess ? 'processes bound to it' : 'workers bound to it', 'operations sent', 'operations answered'], rows, '')}${unrecorded}</section>`;
}
