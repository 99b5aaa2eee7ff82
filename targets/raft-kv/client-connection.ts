import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from './protocol/framing.js';
import type { ClientResponse } from './protocol/messages.js';

// One TCP connection to one node, (re)opened on demand. The distinction the client's callers
// need is kept here: a request that was never written to a socket certainly had no effect; one
// that was written and then timed out or lost its connection may have.

export type Exchange = { kind: 'answered'; response: ClientResponse } | { kind: 'not-sent'; error: string } | { kind: 'lost'; error: string };

interface Waiting {
  resolve: (exchange: Exchange) => void;
  timer: NodeJS.Timeout;
}

export class ClientConnection {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs: number,
  ) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Opens the connection now (otherwise the first request does). */
  async open(): Promise<void> {
    await this.ensureSocket();
  }

  async exchange(body: Record<string, unknown>, timeoutMs: number): Promise<Exchange> {
    let socket: Socket;
    try {
      socket = await this.ensureSocket();
    } catch (err) {
      return { kind: 'not-sent', error: (err as Error).message };
    }
    if (socket.destroyed) return { kind: 'not-sent', error: `connection to ${this.address} closed before sending` };
    const id = ++this.nextId;
    return new Promise<Exchange>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ kind: 'lost', error: `timeout: no answer from ${this.address} within ${timeoutMs} ms` });
      }, timeoutMs);
      this.waiting.set(id, { resolve, timer });
      socket.write(encodeFrame({ ...body, id }));
    });
  }

  close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    this.socket = null;
    this.failAll('client closed');
    if (socket === null || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private ensureSocket(): Promise<Socket> {
    if (this.closed) return Promise.reject(new Error('client is closed'));
    if (this.socket !== null && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= this.dial().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private dial(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      socket.setEncoding('utf8');
      const timer = setTimeout(
        () => socket.destroy(new Error(`connect to ${this.address} timed out after ${this.connectTimeoutMs} ms`)),
        this.connectTimeoutMs,
      );
      let lastError = 'connection closed';
      socket.on('error', (err: NodeJS.ErrnoException) => {
        lastError = err.code ? `${err.code} ${this.address}` : err.message;
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.write(encodeFrame({ hello: 'client' }));
        this.socket = socket;
        resolve(socket);
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`cannot connect: ${lastError}`));
        if (this.socket === socket) {
          this.socket = null;
          this.failAll(`connection to ${this.address} lost: ${lastError}`);
        }
      });
      const decoder = new FrameDecoder();
      socket.on('data', (chunk: string) => {
        try {
          decoder.push(chunk, (frame) => this.deliver(frame as ClientResponse));
        } catch (err) {
          socket.destroy(err as Error);
        }
      });
    });
  }

  private deliver(response: ClientResponse): void {
    const waiting = this.waiting.get(response.id);
    if (waiting === undefined) return; // answered after its timeout
    this.waiting.delete(response.id);
    clearTimeout(waiting.timer);
    waiting.resolve({ kind: 'answered', response });
  }

  private failAll(error: string): void {
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      clearTimeout(waiting.timer);
      waiting.resolve({ kind: 'lost', error });
    }
  }
}
