import type { Command, KvRequest } from '../../protocol/messages.js';
import type { RaftMember } from './member.js';
import type { Respond } from './outcome.js';

// Where a client request goes: the leader proposes writes and confirms reads; a follower
// forwards both to the leader (or, with the stale-read bug, answers reads itself).

const MAX_PROPOSALS = 20_000;
/** A leader that cannot commit (cut off from a majority) stops growing its log here. */
const MAX_UNCOMMITTED = 50_000;

export function submitRequest(node: RaftMember, request: KvRequest, forwarded: boolean, respond: Respond): void {
  if (request.op === 'read') {
    const serve = (): void => respond({ ok: true, value: node.sm.read(request.key), node: node.id });
    if (node.bugs.has('stale-read')) return serve();
    if (node.leadership) {
      return node.leadership.read(serve, (error) => respond({ ok: false, error, definite: true, node: node.id }));
    }
  } else if (node.leadership) {
    if (node.proposals.size >= MAX_PROPOSALS || node.log.lastIndex - node.commitIndex >= MAX_UNCOMMITTED) {
      const pending = `${node.proposals.size} proposals waiting, ${node.log.lastIndex - node.commitIndex} entries uncommitted`;
      return respond({ ok: false, error: `overloaded: ${pending}`, definite: true, node: node.id });
    }
    node.leadership.propose(toCommand(request), respond);
    return;
  }
  if (forwarded) {
    const leader = node.leaderId ?? 'none';
    return respond({ ok: false, error: `not-leader: ${node.id} is ${node.role} in term ${node.term} (leader ${leader})`, definite: true, node: node.id });
  }
  node.forwards.forward(request, respond);
}

function toCommand(request: Exclude<KvRequest, { op: 'read' }>): Command {
  switch (request.op) {
    case 'write':
      return { op: 'write', key: request.key, value: request.value };
    case 'append':
      return { op: 'append', key: request.key, value: request.value };
    case 'cas':
      return { op: 'cas', key: request.key, from: request.from, to: request.to };
  }
}
