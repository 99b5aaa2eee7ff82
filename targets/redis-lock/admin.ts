import { Redis } from 'ioredis';
import type { ServerAddress } from './protocol/messages.js';

/**
 * The harness's own connections to the lock's servers, for setup and for faults that aim at
 * whoever holds the lock. They leave from the harness's own address, which partitions never cut, and fail fast
 * rather than queue: a paused server must not stall the nemesis.
 */
export class RedisAdmin {
  private readonly connections = new Map<string, Redis>();

  constructor(private readonly timeoutMs = 1_000) {}

  private connection(server: ServerAddress): Redis {
    let redis = this.connections.get(server.name);
    if (!redis) {
      redis = new Redis({
        host: server.host,
        port: server.port,
        commandTimeout: this.timeoutMs,
        connectTimeout: this.timeoutMs,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => 50,
      });
      redis.on('error', () => undefined);
      this.connections.set(server.name, redis);
    }
    return redis;
  }

  /** Runs one command, or says undefined when the server does not answer in time. */
  async call(server: ServerAddress, command: string, ...args: (string | number)[]): Promise<unknown> {
    const redis = this.connection(server);
    if (redis.status !== 'ready') await waitForReady(redis, this.timeoutMs);
    try {
      return await redis.call(command, ...args);
    } catch {
      return undefined;
    }
  }

  async ping(server: ServerAddress): Promise<boolean> {
    return (await this.call(server, 'PING')) === 'PONG';
  }

  /** The lock's value on each server: a string, null when absent, undefined when unknown. */
  async lockValues(servers: readonly ServerAddress[], key: string): Promise<Map<string, string | null | undefined>> {
    const values = await Promise.all(servers.map(async (s) => [s.name, (await this.call(s, 'GET', key)) as string | null | undefined] as const));
    return new Map(values);
  }

  /** ROLE's first word: master, slave; undefined when the server does not answer. */
  async role(server: ServerAddress): Promise<string | undefined> {
    const role = await this.call(server, 'ROLE');
    return Array.isArray(role) ? String(role[0]) : undefined;
  }

  /** True once a replica has a live link to its primary. */
  async replicaConnected(server: ServerAddress): Promise<boolean> {
    const role = await this.call(server, 'ROLE');
    return Array.isArray(role) && role[0] === 'slave' && role[3] === 'connected';
  }

  async replicaOf(server: ServerAddress, primary: ServerAddress | null): Promise<unknown> {
    return primary ? this.call(server, 'REPLICAOF', primary.host, primary.port) : this.call(server, 'REPLICAOF', 'NO', 'ONE');
  }

  close(): void {
    for (const redis of this.connections.values()) redis.disconnect();
    this.connections.clear();
  }
}

function waitForReady(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.on('ready', done);
  });
}
