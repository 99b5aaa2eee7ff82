import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { NodeInfo, NodeRuntime } from '../../core/runtime.js';
import { waitUntilReady } from '../support/readiness.js';
import { PgConnection, type Endpoint } from './connection.js';
import { readLockFile, serverAlive } from './lock-file.js';

// A private server's life beyond what the runtime does: waiting until it accepts connections,
// and stopping it so that it leaves nothing behind. PostgreSQL keeps a small System V shared
// memory segment as an interlock; a clean or immediate shutdown removes it, a SIGKILL does not.

export interface WaitOptions {
  timeoutMs: number;
  /** The node the server runs as (with `runtime`): when its process exits, the wait ends at once with its log's last lines. */
  node?: NodeInfo;
  runtime?: NodeRuntime;
}

/** Resolves, with the ms it waited, once a connection succeeds and answers a query. */
export async function waitUntilAccepting(endpoint: Endpoint, options: WaitOptions): Promise<number> {
  const where = endpoint.kind === 'url' ? `the database at ${endpoint.name}` : `postgres on ${endpoint.name} (${endpoint.host}:${endpoint.port})`;
  const acceptsQueries = async () => {
    const connection = await PgConnection.open(endpoint, { connectTimeoutMs: 2_000 });
    try {
      await connection.query('SELECT 1');
    } finally {
      await connection.close();
    }
  };
  const ready = await waitUntilReady(acceptsQueries, {
    ...(options.node && options.runtime ? { nodes: options.node, runtime: options.runtime } : {}),
    timeoutMs: options.timeoutMs,
    attemptTimeoutMs: 5_000,
    what: `${where} accepting a connection and SELECT 1`,
  });
  return ready.elapsedMs;
}

/**
 * Immediate shutdown (SIGQUIT) of the server using `dataDir`, if it runs, then removal of its
 * interlock segment if a SIGKILL left one. Returns what it did, for the run's log.
 */
export async function stopServerCleanly(dataDir: string, timeoutMs = 10_000): Promise<string> {
  const before = readLockFile(dataDir);
  if (!before) return 'no postmaster.pid: nothing to stop';
  let did = 'the server was not running';
  if (serverAlive(before.pid, dataDir)) {
    process.kill(before.pid, 'SIGQUIT');
    const deadline = performance.now() + timeoutMs;
    while (serverAlive(before.pid, dataDir) && performance.now() < deadline) await sleep(20);
    did = serverAlive(before.pid, dataDir) ? `pid ${before.pid} still runs ${timeoutMs} ms after SIGQUIT` : `stopped pid ${before.pid}`;
  }
  if (before.shmKey !== undefined && before.shmId !== undefined) did += await removeOrphanSegment(before.shmKey, before.shmId);
  return did;
}

async function removeOrphanSegment(key: number, id: number): Promise<string> {
  let table: string;
  try {
    table = readFileSync('/proc/sysvipc/shm', 'utf8');
  } catch {
    return '';
  }
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (Number(fields[0]) !== key || Number(fields[1]) !== id) continue;
    if (Number(fields[6]) !== 0) return `; segment ${id} is still attached`;
    const result = await execa('ipcrm', ['-m', String(id)], { reject: false });
    return result.failed ? `; ipcrm -m ${id} failed: ${result.stderr}` : `; removed orphaned shared memory segment ${id}`;
  }
  return '';
}
