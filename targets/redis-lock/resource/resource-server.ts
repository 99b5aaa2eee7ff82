import { createServer, type Server, type Socket } from 'node:net';
import { FaultlineError } from '../../../core/errors.js';
import { serveJsonLines } from '../protocol/json-lines.js';
import { FencedCounter } from './fenced-counter.js';

/**
 * The fenced counter behind a TCP port in the harness process, on the harness's address as the
 * nodes see it (127.0.0.1 when no runtime says otherwise): faultline controls it and no fault
 * reaches it (faults act between nodes, never on the harness's own address). Lock clients read
 * and write it as holders would a file or a database row.
 */
export class ResourceServer {
  private constructor(
    readonly counter: FencedCounter,
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(host = '127.0.0.1'): Promise<ResourceServer> {
    const server = createServer();
    const counter = new FencedCounter();
    const sockets = serveJsonLines(server, () => ({
      handle: async (request) => {
        const token = request.token === null || request.token === undefined ? null : Number(request.token);
        if (token !== null && !Number.isFinite(token)) return { type: 'fail', error: `token must be a number or null, got ${JSON.stringify(request.token)}` };
        if (request.op === 'read') return counter.read(token);
        if (request.op === 'write') {
          if (typeof request.value !== 'number' || !Number.isFinite(request.value))
            return { type: 'fail', error: `value must be a number, got ${JSON.stringify(request.value)}` };
          return counter.write(request.value, token);
        }
        return { type: 'fail', error: `unknown resource operation ${JSON.stringify(request.op)}` };
      },
      close: () => undefined,
    }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) =>
        reject(new FaultlineError('RUN_FAILED', `redis-lock: the resource server cannot listen on ${host}: ${err.message}`, { cause: err })),
      );
      server.listen(0, host, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new FaultlineError('RUN_FAILED', 'redis-lock: the resource server has no TCP address');
    return new ResourceServer(counter, server, sockets, host, address.port);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
