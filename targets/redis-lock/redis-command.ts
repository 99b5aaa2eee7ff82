import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import type { NodeCommand, NodeInfo } from '../../core/runtime.js';

// How the runtime launches one redis-server node: listening on the node's own address, in the
// foreground, logging to its node log. Its outgoing connections (replication) need no binding:
// each node is a host of its own, so they leave from the node's address whatever redis picks.

export const PERSISTENCE_MODES = ['none', 'rdb', 'aof', 'aof-always'] as const;
export type Persistence = (typeof PERSISTENCE_MODES)[number];

/** Redis's own snapshot schedule (redis.conf's defaults), for rdb. */
const DEFAULT_SAVE = '3600 1 300 100 60 10000';

function persistenceArgs(persistence: Persistence): string[] {
  switch (persistence) {
    case 'none':
      return ['--save', '', '--appendonly', 'no'];
    case 'rdb':
      return ['--save', DEFAULT_SAVE, '--appendonly', 'no'];
    case 'aof':
      // Redis's default fsync policy: a killed process loses nothing (the page cache survives),
      // a lost machine up to a second.
      return ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'];
    case 'aof-always':
      return ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
  }
}

export interface RedisNodeOptions {
  persistence: Persistence;
  /** Start as a replica of this node (the current primary), or as a master when undefined. */
  replicaOf?: NodeInfo;
}

export function redisServerCommand(node: NodeInfo, options: RedisNodeOptions): NodeCommand {
  const args = [
    '--bind',
    node.host,
    '--port',
    String(node.port),
    '--dir',
    node.dataDir,
    '--protected-mode',
    'no',
    '--daemonize',
    'no',
    '--logfile',
    '',
    ...persistenceArgs(options.persistence),
  ];
  if (options.replicaOf) args.push('--replicaof', options.replicaOf.host, String(options.replicaOf.port));
  return { command: 'redis-server', args };
}

/** Where redis-server is on this machine (PATH), for the Docker runtime's image. */
export function redisServerPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  throw new FaultlineError(
    'UNSUPPORTED',
    'redis-lock: redis-server is not installed on this machine (install it with scripts/install-system-deps, or give servers with --redis-url)',
  );
}
