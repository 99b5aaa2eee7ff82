import { createConnection, type Server, type Socket } from 'node:net';

// Newline-delimited JSON over TCP, the one framing every redis-lock process speaks: the
// harness to its lock clients, lock clients to the resource. Requests carry an `id`; the
// reply with the same id answers it. Small, loopback-only messages: no backpressure games.

/** Keeps a socket from buffering forever when a peer sends a line without an end. */
const MAX_LINE = 1 << 20;

/** Calls `onMessage` for each complete line that parses as JSON; anything else closes the socket. */
export function readJsonLines(socket: Socket, onMessage: (message: unknown) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === '') continue;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy(new Error(`not JSON: ${line.slice(0, 80)}`));
        return;
      }
      onMessage(message);
    }
    if (buffered.length > MAX_LINE) socket.destroy(new Error(`a line longer than ${MAX_LINE} bytes`));
  });
}

export function writeJsonLine(socket: Socket, message: unknown): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

/** Where to connect, and (for nodes of the local runtime) which address to leave from. */
export interface Endpoint {
  host: string;
  port: number;
  localAddress?: string;
}

/**
 * One connection that sends requests and matches replies by id. A reply that never comes
 * is the caller's to give up on (signal); a closed connection fails every request in flight.
 */
export class JsonLineClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(reply: Record<string, unknown>): void; reject(err: Error): void }>();
  private closedBecause: Error | undefined;

  private constructor(private readonly socket: Socket) {
    readJsonLines(socket, (message) => this.onReply(message));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(endpoint: Endpoint, timeoutMs: number): Promise<JsonLineClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: endpoint.host, port: endpoint.port, localAddress: endpoint.localAddress });
      socket.setNoDelay(true);
      const timer = setTimeout(() => socket.destroy(new Error(`no connection to ${endpoint.host}:${endpoint.port} within ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new JsonLineClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  get closed(): boolean {
    return this.closedBecause !== undefined;
  }

  /** Sends one request; the reply's fields come back without the id. */
  request(message: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown>> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(id);
        reject(new Error('abandoned: the harness gave up waiting'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      writeJsonLine(this.socket, { ...message, id });
    });
  }

  close(): void {
    this.fail(new Error('connection closed by this side'));
    this.socket.destroy();
  }

  private onReply(message: unknown): void {
    const reply = message as Record<string, unknown> | null;
    const id = typeof reply === 'object' && reply !== null ? reply.id : undefined;
    const pending = typeof id === 'number' ? this.waiting.get(id) : undefined;
    if (!pending) return;
    this.waiting.delete(id as number);
    const { id: _id, ...rest } = reply as Record<string, unknown>;
    pending.resolve(rest);
  }

  private fail(err: Error): void {
    this.closedBecause ??= err;
    for (const pending of this.waiting.values()) pending.reject(this.closedBecause);
    this.waiting.clear();
  }
}

/**
 * Serves requests on `server`: each connection gets its own handler state from `session`,
 * requests are answered in the order they arrive, one at a time per connection.
 */
export function serveJsonLines(
  server: Server,
  session: (socket: Socket) => { handle(request: Record<string, unknown>): Promise<Record<string, unknown>>; close(): void },
): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const state = session(socket);
    let queue = Promise.resolve();
    readJsonLines(socket, (message) => {
      const request = message as Record<string, unknown>;
      queue = queue.then(async () => {
        const reply = await state.handle(request).catch((err: unknown) => ({ type: 'info', error: err instanceof Error ? err.message : String(err) }));
        writeJsonLine(socket, { ...reply, id: request.id });
      });
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      state.close();
    });
  });
  return sockets;
}
