import { createConnection } from 'node:net';
import { AbstractConnector, Redis, type RedisOptions } from 'ioredis';
import { errorClassifier } from '../../support/client-errors.js';
import type { ServerAddress } from '../protocol/messages.js';

// ioredis connections for lock clients: bound to the lock client's own address (so that the
// local runtime's partitions, which act between node addresses, cut them), no offline queue
// (a command either goes out now or certainly never does), and a per-command timeout.

type NetStream = Awaited<ReturnType<AbstractConnector['connect']>>;

interface BoundOptions {
  host: string;
  port: number;
  localAddress?: string;
  disconnectTimeout?: number;
}

/** ioredis's plain TCP connector, plus the one thing it does not pass on: the local address. */
class BoundConnector extends AbstractConnector {
  private readonly target: BoundOptions;

  constructor(options: unknown) {
    const o = options as BoundOptions;
    super(o.disconnectTimeout ?? 2000);
    this.target = o;
  }

  connect(): Promise<NetStream> {
    this.connecting = true;
    return new Promise((resolve, reject) => {
      process.nextTick(() => {
        if (!this.connecting) {
          reject(new Error('Connection is closed.'));
          return;
        }
        const { host, port, localAddress } = this.target;
        const stream = createConnection({ host, port, localAddress });
        stream.setNoDelay(true);
        stream.once('error', (err) => {
          this.firstError = err;
        });
        this.stream = stream as unknown as NetStream;
        resolve(this.stream);
      });
    });
  }
}

export interface ConnectionOptions {
  localAddress?: string;
  commandTimeoutMs: number;
}

export function connectRedis(server: ServerAddress, options: ConnectionOptions): Redis {
  const redisOptions: RedisOptions & { localAddress?: string } = {
    host: server.host,
    port: server.port,
    localAddress: options.localAddress,
    Connector: BoundConnector,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(options.commandTimeoutMs, 500),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Servers come back within moments after a restart; reconnect quickly, never give up.
    retryStrategy: (times) => Math.min(times * 10, 100),
    lazyConnect: false,
  };
  const redis = new Redis(redisOptions);
  // Connection errors are expected under faults; commands report them where it matters.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves when the connection is ready or after `timeoutMs`, whichever is first: a down server must not block the others. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

/**
 * What a failed command says about its effect, in the history's terms: `fail` when it never left
 * (no offline queue: ioredis refuses at once when not connected) or the server answered with an
 * error (it did nothing), `info` when it may have been executed (a timeout, a connection lost
 * after sending).
 */
export const classifyRedisError = errorClassifier([
  { message: "Stream isn't writeable", outcome: 'fail', why: 'not connected and no offline queue: the command never left' },
  { name: 'ReplyError', outcome: 'fail', why: 'the server answered with an error, so it did nothing' },
]);

export function describeFailure(server: ServerAddress, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `${server.name}: ${message}`;
}

export async function closeRedis(redis: Redis): Promise<void> {
  redis.disconnect();
}
