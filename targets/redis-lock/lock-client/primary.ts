import type { Redis } from 'ioredis';
import type { ServerAddress } from '../protocol/messages.js';
import { connectRedis, whenReady } from './redis-connection.js';

/** One server and the connection to it. */
export interface Connected {
  server: ServerAddress;
  redis: Redis;
}

/**
 * Which server takes the lock's writes. A lone server always; with replication, whichever
 * answers ROLE as master, found again after any error, as a Sentinel-aware client would.
 */
export class PrimaryTracker {
  private readonly connections: Connected[];
  private current: Connected | undefined;

  constructor(
    servers: readonly ServerAddress[],
    private readonly replicated: boolean,
    options: { localAddress?: string; commandTimeoutMs: number },
  ) {
    this.connections = servers.map((server) => ({ server, redis: connectRedis(server, options) }));
    this.current = replicated ? undefined : this.connections[0];
  }

  /** Waits (bounded) until the connections are up, so the first operation does not fail for nothing. */
  async ready(timeoutMs: number): Promise<void> {
    await Promise.all(this.connections.map((c) => whenReady(c.redis, timeoutMs)));
  }

  async primary(): Promise<Connected | undefined> {
    if (this.current) return this.current;
    const roles = await Promise.all(
      this.connections.map(async (c) => {
        try {
          const role = (await c.redis.call('ROLE')) as unknown[];
          return role[0] === 'master' ? c : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    this.current = roles.find((c) => c !== undefined);
    return this.current;
  }

  /** After an error the primary may have moved (a failover), so ask again next time. */
  forget(): void {
    if (this.replicated) this.current = undefined;
  }

  get names(): string {
    return this.connections.map((c) => c.server.name).join(', ');
  }

  close(): void {
    for (const c of this.connections) c.redis.disconnect();
  }
}
