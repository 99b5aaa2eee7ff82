import { ConfigError } from '../../core/errors.js';
import type { ClusterSizing } from '../../core/target.js';
import type { NodeInfo } from '../../core/runtime.js';
import type { RedisLockOptions } from './options.js';

// The nodes of a redis-lock run: redis servers r1…rM, then one lock client per worker, c1…cK.
// Worker w talks to lock client c((w mod K) + 1), so that a retired process's successor (run by
// the same worker) uses the same lock-client process.

export const DEFAULT_REDLOCK_MASTERS = 5;

export function serverCount(options: RedisLockOptions, nodes: number | undefined): number {
  const expected = options.lock === 'single' ? 1 + options.redisReplicas : undefined;
  if (expected !== undefined && nodes !== undefined && nodes !== expected) {
    throw new ConfigError(
      'nodes',
      `the single-instance lock runs ${expected} redis server(s) (1 primary + ${options.redisReplicas} replicas); got --nodes ${nodes} (use --lock redlock for several masters)`,
    );
  }
  return expected ?? nodes ?? DEFAULT_REDLOCK_MASTERS;
}

export function redisLockNodeNames(options: RedisLockOptions, sizing: ClusterSizing): string[] {
  const servers = serverCount(options, sizing.nodes);
  return [...Array.from({ length: servers }, (_, i) => `r${i + 1}`), ...Array.from({ length: sizing.concurrency }, (_, i) => `c${i + 1}`)];
}

export function isServerNode(name: string): boolean {
  return /^r\d+$/.test(name);
}

export function serverNodes(nodes: readonly NodeInfo[]): NodeInfo[] {
  return nodes.filter((n) => isServerNode(n.name));
}

export function clientNodes(nodes: readonly NodeInfo[]): NodeInfo[] {
  return nodes.filter((n) => /^c\d+$/.test(n.name));
}

export function clientNodeFor(nodes: readonly NodeInfo[], worker: number): NodeInfo {
  const clients = clientNodes(nodes);
  if (clients.length === 0) throw new ConfigError('nodes', 'this redis-lock run has no lock-client nodes');
  return clients[worker % clients.length];
}
