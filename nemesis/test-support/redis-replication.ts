import { Redis } from 'ioredis';
import { dialAddress, type NodeCommand, type NodeInfo } from '../../core/runtime.js';

// A redis-server primary and replica configured as an operator would: listening on every
// address (0.0.0.0) and dialling the primary from whatever source address the kernel picks (no
// bind-source-addr), as most servers do. The harness writes to the primary and reads replication
// offsets from both over their own connections, from outside.

export function plainRedisCommand(node: NodeInfo, primary?: NodeInfo): NodeCommand {
  const args = [
    '--bind',
    '0.0.0.0',
    '--port',
    String(node.port),
    '--dir',
    node.dataDir,
    '--protected-mode',
    'no',
    '--save',
    '',
    '--appendonly',
    'no',
    '--logfile',
    '',
  ];
  if (primary) args.push('--replicaof', primary.host, String(primary.port));
  return { command: 'redis-server', args };
}

export class RedisWatch {
  private readonly connections: Redis[] = [];
  private writing = false;
  private writer: Promise<void> | undefined;
  writes = 0;

  connect(node: NodeInfo): Redis {
    const { host, port } = dialAddress(node);
    const redis = new Redis({ host, port, commandTimeout: 1_000, maxRetriesPerRequest: 1, retryStrategy: () => 100, lazyConnect: false });
    redis.on('error', () => undefined);
    this.connections.push(redis);
    return redis;
  }

  /** INCRs a counter on the primary every 10 ms until stopped (or for 3 minutes at most). */
  startWriting(primary: Redis): void {
    this.writing = true;
    const until = Date.now() + 180_000;
    this.writer = (async () => {
      while (this.writing && Date.now() < until) {
        try {
          await primary.incr('faultline:counter');
          this.writes++;
        } catch {
          // Paused or restarting: the writes resume with it.
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
  }

  async close(): Promise<void> {
    this.writing = false;
    await this.writer;
    for (const c of this.connections.splice(0)) c.disconnect();
  }
}

/** A field of INFO replication, as a number (NaN when missing or unreadable). */
export async function replicationField(redis: Redis, field: string): Promise<number> {
  try {
    const info = (await redis.info('replication')) as string;
    const line = info.split('\r\n').find((l) => l.startsWith(`${field}:`));
    return line === undefined ? Number.NaN : Number(line.slice(field.length + 1));
  } catch {
    return Number.NaN;
  }
}

export async function linkStatus(replica: Redis): Promise<string | undefined> {
  try {
    const info = (await replica.info('replication')) as string;
    return info
      .split('\r\n')
      .find((l) => l.startsWith('master_link_status:'))
      ?.split(':')[1];
  } catch {
    return undefined;
  }
}

export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
