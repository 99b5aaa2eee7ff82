import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '../protocol/framing.js';
import type { PeerReply, PeerRequest } from '../protocol/messages.js';

// Speaks the peer protocol to one node, so a test can send exactly the Raft message it means
// (a vote request in a chosen term) and read the node's answer.

export class FakePeer {
  private readonly replies: PeerReply[] = [];
  private readonly waiters: Array<(reply: PeerReply) => void> = [];

  private constructor(private readonly socket: Socket) {}

  static connect(host: string, port: number, as: string): Promise<FakePeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setEncoding('utf8');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => {});
        const peer = new FakePeer(socket);
        const decoder = new FrameDecoder();
        socket.on('data', (chunk: string) => decoder.push(chunk, (frame) => peer.deliver(frame as PeerReply)));
        socket.write(encodeFrame({ hello: 'peer', from: as }));
        resolve(peer);
      });
    });
  }

  /** Sends a request and returns the next reply that is not a pong. */
  async ask(request: PeerRequest, timeoutMs = 5000): Promise<PeerReply> {
    this.socket.write(encodeFrame(request));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${request.t} within ${timeoutMs} ms`)), timeoutMs);
      const take = (reply: PeerReply): void => {
        clearTimeout(timer);
        resolve(reply);
      };
      const queued = this.replies.shift();
      if (queued) take(queued);
      else this.waiters.push(take);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(reply: PeerReply): void {
    if (reply.t === 'pong') return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(reply);
    else this.replies.push(reply);
  }
}
