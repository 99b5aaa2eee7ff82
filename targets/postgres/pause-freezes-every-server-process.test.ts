import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NodeCgroup } from '../../nemesis/local/cgroups.js';
import { PgConnection } from './connection.js';
import { waitUntilAccepting } from './server.js';
import { postgresAvailable, trackPrivateServers, usePostgresRunsDir } from './test-support/index.js';

// PostgreSQL forks a backend per connection (and asks for a session of its own for each); every
// one of them is in the node's cgroup, so a pause freezes the connections already open, not only
// the postmaster, and a kill leaves nothing running.

const runsDir = usePostgresRunsDir();
const startServer = trackPrivateServers();

/** State letters of every process in a process group. */
function groupStates(pgid: number): string[] {
  const states: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) states.push(fields[0]);
    } catch {
      // Gone while we looked.
    }
  }
  return states;
}

describe.skipIf(!postgresAvailable)('pause and kill of a postgres node', () => {
  it('a pause stops every server process, an open connection included, until resume', async () => {
    const server = await startServer(runsDir());
    const connection = await PgConnection.open(server.endpoint, { connectTimeoutMs: 5_000 });
    try {
      const [{ pid }] = await connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const cgroup = new NodeCgroup(server.runtime.cgroupOf('n1'));
      // The backend serving our connection is in the node's cgroup.
      expect(cgroup.procs()).toContain(pid);

      await server.runtime.pause('n1');
      expect(cgroup.procs().length).toBeGreaterThan(5);
      // The kernel's word that every one of them is frozen.
      expect(cgroup.frozen()).toBe(true);
      const answered = await Promise.race([connection.query('SELECT 1').then(() => true), new Promise((r) => setTimeout(() => r(false), 1_500))]);
      expect(answered).toBe(false);

      await server.runtime.resume('n1');
      // The query sent during the pause is answered now.
      expect(await connection.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    } finally {
      connection.destroy();
    }
  }, 180_000);

  it('a kill leaves no server process behind, and a restart recovers the data', async () => {
    const server = await startServer(runsDir());
    const setup = await PgConnection.open(server.endpoint, { connectTimeoutMs: 5_000 });
    await setup.query('CREATE TABLE t (v integer)');
    await setup.query('INSERT INTO t VALUES (42)');
    const pgid = server.runtime.pid('n1')!;
    await server.runtime.kill('n1');
    setup.destroy();
    expect(groupStates(pgid).filter((s) => s !== 'Z')).toEqual([]);
    expect(new NodeCgroup(server.runtime.cgroupOf('n1')).populated()).toBe(false);

    await server.runtime.start('n1');
    await waitUntilAccepting(server.endpoint, { timeoutMs: 60_000, node: server.node, runtime: server.runtime });
    const after = await PgConnection.open(server.endpoint, { connectTimeoutMs: 5_000 });
    try {
      expect(await after.query('SELECT v FROM t')).toEqual([{ v: 42 }]);
    } finally {
      await after.close();
    }
  }, 180_000);
});
