import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.js';
import { clientNodes, clientNodesSection } from './client-nodes.js';

// A target that binds clients by process (the old nodeForProcess) moves a renumbered process to
// another node: with concurrency 2 and three nodes, worker 0's process 2 lands on n3, not n1.

function ops(list: [number, string | undefined, Op['type']][]): Op[] {
  return list.map(([process, node, type], index) => ({ index, time: index * 1e6, type, process, f: 'read', value: null, ...(node ? { node } : {}) }));
}

describe('clients and nodes', () => {
  it('names a worker whose processes went to more than one node', () => {
    const history = ops([
      [0, 'n1', 'invoke'],
      [0, undefined, 'info'],
      [1, 'n2', 'invoke'],
      [1, 'n2', 'ok'],
      [2, 'n3', 'invoke'],
      [2, 'n3', 'ok'],
    ]);
    const assignment = clientNodes(history, 2);
    expect(assignment.moved).toEqual([{ worker: 0, nodes: ['n1', 'n3'] }]);
    expect(assignment.nodes.map((n) => [n.node, n.workers, n.sent.invoked, n.answered])).toEqual([
      ['n1', [{ worker: 0, processes: [0] }], 1, 0],
      ['n2', [{ worker: 1, processes: [1] }], 1, 1],
      ['n3', [{ worker: 0, processes: [2] }], 1, 1],
    ]);
    expect(clientNodesSection(assignment, 2)).toContain('1 worker sent operations to more than one node: worker 0 (n1, n3).');
  });

  it('says so when the history names no node, and counts by process without a concurrency', () => {
    const none = clientNodes(
      ops([
        [0, undefined, 'invoke'],
        [0, undefined, 'ok'],
      ]),
      null,
    );
    expect(none).toEqual({ nodes: [], moved: [], unrecorded: 1 });
    expect(clientNodesSection(none, null)).toContain('The history names no node for its invocations (1 invocations)');
    const byProcess = clientNodes(
      ops([
        [0, 'n1', 'invoke'],
        [0, 'n1', 'ok'],
        [5, 'n1', 'invoke'],
        [5, 'n2', 'ok'],
      ]),
      null,
    );
    expect(byProcess.nodes[0].workers).toEqual([
      { worker: 0, processes: [0] },
      { worker: 5, processes: [5] },
    ]);
    expect(clientNodesSection(byProcess, null)).toContain('process 0; process 5');
  });
});
