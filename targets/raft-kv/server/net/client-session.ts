import type { Socket } from 'node:net';
import type { ClientResponse } from '../../protocol/messages.js';
import { parseClientRequest, requestId } from '../../protocol/validate.js';
import type { RaftNode } from '../raft/node.js';
import type { Outcome } from '../raft/outcome.js';
import { submitRequest } from '../raft/requests.js';
import { FrameWriter } from './frame-writer.js';

// One client connection. Requests carry ids and may be answered out of order.

const MAX_OUTSTANDING = 4096;

export class ClientSession {
  private readonly writer: FrameWriter;
  private outstanding = 0;

  constructor(
    socket: Socket,
    private readonly node: RaftNode,
  ) {
    this.writer = new FrameWriter(socket);
  }

  handle(frame: unknown): void {
    const node = this.node;
    const parsed = parseClientRequest(frame);
    if (!parsed.ok) {
      const id = requestId(frame) ?? -1;
      this.send({ id, ok: false, error: `bad-request: ${parsed.problem}`, definite: true, node: node.id });
      return;
    }
    const request = parsed.value;
    switch (request.op) {
      case 'status':
        this.send({ id: request.id, ok: true, value: node.status(), node: node.id });
        return;
      default: {
        if (this.outstanding >= MAX_OUTSTANDING) {
          this.send({
            id: request.id,
            ok: false,
            error: `overloaded: ${MAX_OUTSTANDING} requests outstanding on this connection`,
            definite: true,
            node: node.id,
          });
          return;
        }
        this.outstanding++;
        submitRequest(node, request, false, (outcome: Outcome) => {
          this.outstanding--;
          this.send({ id: request.id, ...outcome } as ClientResponse);
        });
      }
    }
  }

  private send(response: ClientResponse): void {
    this.writer.write(response);
  }
}
