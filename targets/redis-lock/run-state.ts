import { basename } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { TargetContext } from '../../core/target.js';
import { RedisAdmin } from './admin.js';
import { HolderBoard } from './holder-board.js';
import { serverNodes } from './layout.js';
import { derivedSettings, type RedisLockOptions } from './options.js';
import type { ServerAddress, SessionConfig } from './protocol/messages.js';
import type { ResourceServer } from './resource/resource-server.js';

/**
 * What one run's clients, faults and node commands share in the harness process: who holds
 * the lock, the resource, the admin connections, and which server is primary now. Keyed by
 * the run folder, which node commands (called before setup) and contexts both know.
 */
export class RedisLockRun {
  readonly board = new HolderBoard();
  readonly admin = new RedisAdmin();
  resource: ResourceServer | undefined;
  /** The server that takes writes now, when servers replicate (failover moves it). */
  primary: string | undefined;

  constructor(readonly key: string) {}
}

const runs = new Map<string, RedisLockRun>();

export function redisLockRun(runDir: string): RedisLockRun {
  let run = runs.get(runDir);
  if (!run) {
    // One key per run, so that servers given by URL keep whatever else they hold.
    run = new RedisLockRun(`faultline:lock:${basename(runDir)}`);
    runs.set(runDir, run);
  }
  return run;
}

export async function endRedisLockRun(runDir: string): Promise<void> {
  const run = runs.get(runDir);
  runs.delete(runDir);
  if (!run) return;
  run.admin.close();
  await run.resource?.close();
}

/** The lock's servers: the run's redis nodes, or the servers given by URL. */
export function lockServers(ctx: Pick<TargetContext<RedisLockOptions>, 'options' | 'nodes'>): ServerAddress[] {
  if (ctx.options.redisUrl.length === 0) return serverNodes(ctx.nodes).map((n) => ({ name: n.name, host: n.host, port: n.port }));
  return ctx.options.redisUrl.map((url, i) => {
    const match = /^redis:\/\/([^/:@\s]+):(\d+)\/?$/.exec(url);
    if (!match) throw new ConfigError(`redisUrl[${i}]`, `${JSON.stringify(url)} does not look like redis://HOST:PORT`);
    return { name: `url${i + 1}`, host: match[1], port: Number(match[2]) };
  });
}

/** Servers that replicate one another (a primary and replicas) rather than stand alone. */
export function isReplicated(options: RedisLockOptions): boolean {
  return options.lock === 'single' && options.redisReplicas > 0;
}

export function sessionConfig(ctx: TargetContext<RedisLockOptions>, run: RedisLockRun, owner: string, localAddress: string | undefined): SessionConfig {
  const o = ctx.options;
  if (!run.resource) throw new ConfigError('redis-lock', 'the resource server is not running (setup did not run)');
  return {
    lock: o.lock,
    servers: lockServers(ctx),
    replicated: isReplicated(o),
    key: run.key,
    ttlMs: o.ttlMs,
    fencing: o.fencing,
    driftFactor: o.driftFactor,
    commandTimeoutMs: derivedSettings(o).commandTimeoutMs,
    resource: { host: run.resource.host, port: run.resource.port },
    owner,
    ...(localAddress === undefined ? {} : { localAddress }),
  };
}
