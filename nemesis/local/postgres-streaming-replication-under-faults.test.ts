import { appendFileSync, chmodSync, chownSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { findPostgresBinDir } from '../../targets/postgres/install.js';
import { stopServerCleanly } from '../../targets/postgres/server.js';
import { postgresAvailable } from '../../targets/postgres/test-support/postgres-available.js';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { eventually } from '../test-support/redis-replication.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

// PostgreSQL streaming replication set up as a DBA would: a primary, and a standby made with
// pg_basebackup -R (primary_conninfo names the primary's address; the walreceiver dials it from
// whatever source address the kernel picks), both run as the postgres user. A partition applied
// the way a run applies it is verified by the nemesis and seen in PostgreSQL's own numbers: the
// standby's received WAL position stops while the primary's goes on, then catches up after heal.

const prereq = await faultPrerequisites();
const binDir = findPostgresBinDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postgres user's uid and gid. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const fields = (await execa('getent', ['passwd', 'postgres'])).stdout.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function asPostgres(program: string, args: string[]): Promise<void> {
  await execa('runuser', ['-u', 'postgres', '--', join(binDir!, program), ...args]);
}

/** A WAL position (pg_lsn, "16/B374D848") as a bigint, for comparing. */
function lsn(text: string | null): bigint {
  if (!text) return -1n;
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

describe.skipIf(!prereq.ok || !postgresAvailable)('PostgreSQL streaming replication under a partition on the local runtime', () => {
  const fixture = runtimeFixture();
  const clients: pg.Client[] = [];
  const dataDirs: string[] = [];
  let writing = false;
  // Runs before the fixture stops the runtime: a clean stop leaves no shared memory segment.
  afterEach(async () => {
    writing = false;
    for (const c of clients.splice(0)) await c.end().catch(() => undefined);
    for (const dir of dataDirs.splice(0)) await stopServerCleanly(dir).catch(() => undefined);
  });

  it('the standby’s received WAL stops while the primary’s grows, and catches up after the heal', async () => {
    const runDir = fixture.runDir();
    chmodSync(runDir, 0o755);
    const server = (dataDir: string, port: number) => ({
      command: join(binDir!, 'postgres'),
      // Dynamic shared memory in files in the data folder, so a kill leaves nothing in /dev/shm.
      args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=*', '-k', '', '-c', 'fsync=off', '-c', 'dynamic_shared_memory_type=mmap', '-c', 'wal_receiver_status_interval=1s'],
      user: 'postgres',
    });
    const runtime = fixture.create({ nodes: ['p1', 'p2'], basePort: 5432, runDir, command: (node) => server(node.dataDir, node.port), killTimeoutMs: 20_000 });
    const [p1, p2] = runtime.nodes;
    dataDirs.push(p1.dataDir, p2.dataDir);
    const owner = await postgresUser();
    for (const node of runtime.nodes) {
      mkdirSync(node.dataDir, { recursive: true });
      chownSync(join(node.dataDir, '..'), owner.uid, owner.gid);
      chownSync(node.dataDir, owner.uid, owner.gid);
    }
    await asPostgres('initdb', ['-D', p1.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-instructions']);
    appendFileSync(join(p1.dataDir, 'pg_hba.conf'), 'host all all samenet trust\nhost replication all samenet trust\n');
    await runtime.start('p1');
    const connect = async (host: string, port: number) => {
      const client = new pg.Client({ host, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    };
    let primary: pg.Client | undefined;
    await eventually('the primary accepts connections', async () => {
      primary = await connect(p1.host, p1.port).catch(() => undefined);
      return primary !== undefined;
    }, 60_000);
    // The standby, cloned from the primary over the network as a DBA would.
    rmSync(p2.dataDir, { recursive: true, force: true });
    await asPostgres('pg_basebackup', ['-h', p1.host, '-p', String(p1.port), '-U', 'postgres', '-D', p2.dataDir, '-R', '-X', 'stream', '--no-sync']);
    await runtime.start('p2');
    let standby: pg.Client | undefined;
    await eventually('the standby accepts connections', async () => {
      standby = await connect(p2.host, p2.port).catch(() => undefined);
      return standby !== undefined;
    }, 60_000);
    const primaryLsn = async () => lsn((await primary!.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l);
    const standbyLsn = async () => lsn((await standby!.query<{ l: string | null }>('SELECT pg_last_wal_receive_lsn()::text AS l')).rows[0].l);
    await eventually('the standby streams from the primary', async () => (await primary!.query('SELECT 1 FROM pg_stat_replication WHERE state = $1', ['streaming'])).rowCount === 1, 30_000);
    // The walreceiver dialled from an address it did not choose: its node's, the only one it has.
    expect((await primary!.query<{ a: string }>('SELECT client_addr::text AS a FROM pg_stat_replication')).rows[0].a).toBe(`${p2.host}/32`);

    await primary!.query('CREATE TABLE ticks (n serial PRIMARY KEY, at timestamptz DEFAULT now())');
    writing = true;
    const writer = (async () => {
      const until = Date.now() + 180_000;
      while (writing && Date.now() < until) {
        await primary!.query('INSERT INTO ticks DEFAULT VALUES').catch(() => undefined);
        await sleep(20);
      }
    })();

    const { nemesis, perform } = await nemesisOn(runtime, ['partition']);
    await eventually('the standby receives WAL', async () => (await standbyLsn()) > 0n, 10_000);
    const cut = await perform('start-partition', { p1: ['p2'], p2: ['p1'] });
    expect(cut.effect.outcome, JSON.stringify(cut.effect)).toBe('verified');
    await sleep(1_000);
    const standbyAtCut = await standbyLsn();
    const primaryAtCut = await primaryLsn();
    await sleep(3_000);
    expect(await standbyLsn()).toBe(standbyAtCut);
    const primaryLater = await primaryLsn();
    expect(primaryLater).toBeGreaterThan(primaryAtCut);

    const healed = await perform('stop-partition', null);
    expect(healed.effect.outcome, JSON.stringify(healed.effect)).toBe('verified');
    await eventually('the standby catches up after the heal', async () => (await standbyLsn()) >= primaryLater, 90_000);
    writing = false;
    await writer;

    const effects = nemesis.effects();
    console.log(`postgres streaming replication, faults (applied/verified/not applied): ${JSON.stringify(Object.fromEntries(Object.entries(effects.kinds).map(([k, e]) => [k, `${e.applied}/${e.verified}/${e.notApplied}, undos ${e.undosVerified}/${e.undos}`])))}`);
    expect(effects.kinds.partition).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
  }, 300_000);
});
