import { connect, isIP, type Socket } from 'node:net';
import { FrameDecoder } from '../../protocol/framing.js';
import type { PeerReply, PeerRequest } from '../../protocol/messages.js';
import type { PeerAddress } from '../args.js';
import { monoNow } from '../clock.js';
import type { NodeLogger } from '../logger.js';
import { FrameWriter } from './frame-writer.js';

// This node's outgoing connection to one peer, for its own requests and their replies. It binds
// its source address to the node's own address, so iptables rules between node addresses cut
// exactly this traffic. A connection that stays silent too long (a partition that drops packets,
// a paused peer) is torn down and redialled with backoff.

export interface PeerLinkEvents {
  onReply(peer: string, message: PeerReply): void;
  onDisconnected(peer: string): void;
}

export interface PeerLinkTiming {
  connectTimeoutMs: number;
  pingEveryMs: number;
  deadAfterMs: number;
}

const MIN_BACKOFF_MS = 20;
const MAX_BACKOFF_MS = 500;

export class PeerLink {
  private socket: Socket | null = null;
  private writer: FrameWriter | null = null;
  private connected = false;
  private stopped = false;
  private backoffMs = MIN_BACKOFF_MS;
  private lastReceived = 0;
  private lastSent = 0;
  private everConnected = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly livenessTimer: NodeJS.Timeout;

  constructor(
    private readonly self: { id: string; host: string },
    private readonly peer: PeerAddress,
    private readonly events: PeerLinkEvents,
    private readonly logger: NodeLogger,
    private readonly timing: PeerLinkTiming,
  ) {
    this.livenessTimer = setInterval(() => this.checkLiveness(), timing.pingEveryMs);
    this.dial();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  send(message: PeerRequest): boolean {
    if (!this.connected || this.writer === null) return false;
    if (!this.writer.write(message)) return false;
    this.lastSent = monoNow();
    return true;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.livenessTimer);
    clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
  }

  private dial(): void {
    if (this.stopped) return;
    // Only an address can be bound; a node named by hostname (a container) leaves the choice to the kernel.
    const bind = isIP(this.self.host) !== 0 ? { localAddress: this.self.host } : {};
    const socket = connect({ host: this.peer.host, port: this.peer.port, ...bind });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    const decoder = new FrameDecoder();
    const connectTimer = setTimeout(() => socket.destroy(new Error(`connect timeout after ${this.timing.connectTimeoutMs} ms`)), this.timing.connectTimeoutMs);
    let failure = 'closed by peer';
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      this.writer = new FrameWriter(socket);
      this.writer.write({ hello: 'peer', from: this.self.id });
      this.connected = true;
      this.lastReceived = this.lastSent = monoNow();
      this.backoffMs = MIN_BACKOFF_MS;
      this.logger.info('peer-up', { peer: this.peer.id, address: `${this.peer.host}:${this.peer.port}` });
      this.everConnected = true;
    });
    socket.on('data', (chunk: string) => {
      this.lastReceived = monoNow();
      const frames: PeerReply[] = [];
      try {
        decoder.push(chunk, (frame) => frames.push(frame as PeerReply));
      } catch (err) {
        socket.destroy(err as Error);
        return;
      }
      for (const frame of frames) if (this.socket === socket) this.events.onReply(this.peer.id, frame);
    });
    socket.on('error', (err) => {
      failure = err.message;
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      if (this.socket !== socket) return;
      this.socket = null;
      this.writer = null;
      if (this.connected) {
        this.connected = false;
        this.logger.info('peer-down', { peer: this.peer.id, reason: failure });
        this.events.onDisconnected(this.peer.id);
      } else if (!this.everConnected && this.backoffMs === MIN_BACKOFF_MS) {
        this.logger.info('peer-unreachable', { peer: this.peer.id, reason: failure });
      }
      this.scheduleRedial();
    });
  }

  private scheduleRedial(): void {
    if (this.stopped) return;
    const delay = this.backoffMs * (0.5 + Math.random() / 2);
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    this.reconnectTimer = setTimeout(() => this.dial(), delay);
  }

  private checkLiveness(): void {
    if (!this.connected || this.socket === null) return;
    const now = monoNow();
    if (now - this.lastReceived > this.timing.deadAfterMs) {
      this.socket.destroy(new Error(`silent for ${Math.round(now - this.lastReceived)} ms`));
      return;
    }
    if (now - this.lastSent >= this.timing.pingEveryMs) this.send({ t: 'ping' });
  }
}
