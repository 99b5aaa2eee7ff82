import type { ClientResponse, ForwardReply, ForwardRequest, KvRequest, PeerReply } from '../../protocol/messages.js';
import { DeadlineQueue } from '../deadline-queue.js';
import type { RaftMember } from './member.js';
import type { Outcome, Respond } from './outcome.js';
import { submitRequest } from './requests.js';

// A follower passes client requests to the leader it knows and relays the answer. Whether a
// lost forward may have taken effect decides its answer: a request never handed to a connection
// is a definite failure, one that was sent and then lost is not (reads excepted: they change nothing).

const MAX_PENDING = 10_000;

interface PendingForward {
  id: number;
  peer: string;
  isRead: boolean;
  respond: Respond;
  handle: { done: boolean };
}

export class Forwarder {
  private readonly pending = new Map<number, PendingForward>();
  private readonly deadlines: DeadlineQueue<PendingForward>;
  private nextId = 0;

  constructor(
    private readonly node: RaftMember,
    timeoutMs: number,
  ) {
    this.deadlines = new DeadlineQueue(timeoutMs);
  }

  forward(request: KvRequest, respond: Respond): void {
    const node = this.node;
    const leader = node.leaderId;
    const fail = (error: string): void => respond({ ok: false, error, definite: true, node: node.id });
    if (leader === null || leader === node.id) return fail(`no-leader: ${node.id} is ${node.role} in term ${node.term} and knows no leader`);
    if (!node.network.isConnected(leader)) return fail(`leader-unreachable: no connection from ${node.id} to leader ${leader}`);
    if (this.pending.size >= MAX_PENDING) return fail(`overloaded: ${MAX_PENDING} requests already forwarded`);
    const id = ++this.nextId;
    if (!node.network.send(leader, { t: 'fwd', id, request })) return fail(`leader-unreachable: send queue to ${leader} is full`);
    const entry: PendingForward = { id, peer: leader, isRead: request.op === 'read', respond, handle: { done: false } };
    entry.handle = this.deadlines.add(entry);
    this.pending.set(id, entry);
  }

  /** On the leader: answers a request a follower forwarded. */
  serve(request: ForwardRequest, reply: (message: PeerReply) => void): void {
    submitRequest(this.node, request.request, true, (outcome) => {
      const response = { id: request.request.id, ...outcome } as ClientResponse;
      reply({ t: 'fwd-r', id: request.id, response });
    });
  }

  onReply(from: string, reply: ForwardReply): void {
    const entry = this.pending.get(reply.id);
    if (entry === undefined || entry.peer !== from) return;
    this.finish(entry);
    const { id: _requestId, ...outcome } = reply.response;
    entry.respond(outcome as Outcome);
  }

  onDisconnected(peer: string): void {
    for (const entry of this.pending.values()) {
      if (entry.peer !== peer) continue;
      this.finish(entry);
      this.lost(entry, `connection to leader ${peer} lost while the request was with it`);
    }
  }

  expire(): void {
    this.deadlines.sweep((entry) => {
      this.pending.delete(entry.id);
      this.lost(entry, `timeout: leader ${entry.peer} did not answer in time`);
    });
  }

  private finish(entry: PendingForward): void {
    entry.handle.done = true;
    this.pending.delete(entry.id);
  }

  private lost(entry: PendingForward, error: string): void {
    entry.respond({ ok: false, error, definite: entry.isRead, node: this.node.id });
  }
}
