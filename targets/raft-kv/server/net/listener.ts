import { createServer, type Server, type Socket } from 'node:net';
import { FrameDecoder } from '../../protocol/framing.js';
import type { PeerRequest } from '../../protocol/messages.js';
import { parseHello } from '../../protocol/validate.js';
import type { NodeLogger } from '../logger.js';
import type { RaftNode } from '../raft/node.js';
import { ClientSession } from './client-session.js';
import { FrameWriter } from './frame-writer.js';

// The node's one listening port. The first frame on a connection says who is calling: a peer
// (its requests are answered on the same connection) or a client.

const HELLO_TIMEOUT_MS = 5000;

export interface Listener {
  close(): Promise<void>;
}

/**
 * `peerSilenceMs`: a peer connection that has carried nothing for this long is dead (every peer
 * pings its idle links), typically left behind by a partition that dropped the peer's packets.
 */
export function startListener(host: string, port: number, node: RaftNode, logger: NodeLogger, peerSilenceMs: number): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a peer vanishing mid-write is routine; 'close' follows
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    accept(socket, node, logger, peerSilenceMs);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 511 }, () => {
      server.off('error', reject);
      server.on('error', (err) => logger.warn('listener-error', { error: err.message }));
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function accept(socket: Socket, node: RaftNode, logger: NodeLogger, peerSilenceMs: number): void {
  const decoder = new FrameDecoder();
  const helloTimer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
  socket.once('close', () => clearTimeout(helloTimer));
  let onFrame = (frame: unknown): void => {
    clearTimeout(helloTimer);
    const hello = parseHello(frame);
    if (!hello.ok) {
      logger.warn('bad-hello', { remote: `${socket.remoteAddress}:${socket.remotePort}`, problem: hello.problem });
      socket.destroy();
      return;
    }
    if (hello.value.hello === 'client') {
      const session = new ClientSession(socket, node);
      onFrame = (request) => session.handle(request);
    } else {
      const from = hello.value.from;
      if (!node.peers.includes(from)) {
        logger.warn('unknown-peer', { from, remote: `${socket.remoteAddress}:${socket.remotePort}`, members: node.peers.join(',') });
        socket.destroy();
        return;
      }
      socket.setTimeout(peerSilenceMs, () => socket.destroy());
      const writer = new FrameWriter(socket);
      const reply = (message: object): void => {
        // A peer that stopped reading gets its connection cut; it redials and starts clean.
        if (!writer.write(message) && !socket.destroyed) socket.destroy();
      };
      onFrame = (request) => node.handlePeerRequest(from, request as PeerRequest, reply);
    }
  };
  socket.on('data', (chunk: string) => {
    const frames: unknown[] = [];
    try {
      decoder.push(chunk, (frame) => frames.push(frame));
    } catch (err) {
      logger.warn('bad-frame', { remote: `${socket.remoteAddress}:${socket.remotePort}`, error: (err as Error).message });
      socket.destroy();
    }
    // Outside the try: an exception from the node is a bug to crash on, not a bad frame.
    for (const frame of frames) if (!socket.destroyed) onFrame(frame);
  });
}
