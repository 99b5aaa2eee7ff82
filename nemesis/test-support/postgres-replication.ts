import { appendFileSync, chownSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import { stopServerCleanly } from '../../targets/postgres/server.js';
import { dialAddress, type NodeCommand, type NodeInfo, type NodeRuntime } from '../../core/runtime.js';
import { eventually } from './redis-replication.js';

// PostgreSQL streaming replication set up as a DBA would, on any runtime: a primary made with
// initdb, a standby cloned from it over the network with pg_basebackup -R (primary_conninfo
// names the primary's address; the walreceiver dials it from whatever address it has), both run
// as the postgres user. The harness reaches both over the run's network and reads WAL positions.

export function postgresServerCommand(binDir: string, node: NodeInfo): NodeCommand {
  return {
    command: join(binDir, 'postgres'),
    // Dynamic shared memory in files in the data folder, so a kill leaves nothing in /dev/shm.
    args: [
      '-D',
      node.dataDir,
      '-p',
      String(node.port),
      '-c',
      'listen_addresses=*',
      '-k',
      '',
      '-c',
      'fsync=off',
      '-c',
      'dynamic_shared_memory_type=mmap',
      '-c',
      'wal_receiver_status_interval=1s',
    ],
    user: 'postgres',
  };
}

/** A WAL position (pg_lsn, "16/B374D848") as a bigint, for comparing. */
export function lsn(text: string | null): bigint {
  if (!text) return -1n;
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

export class StreamingPair {
  private readonly clients: pg.Client[] = [];
  private writing = false;
  private writer: Promise<void> | undefined;
  primary!: pg.Client;
  standby!: pg.Client;

  constructor(
    private readonly binDir: string,
    private readonly runtime: NodeRuntime,
    readonly primaryNode: NodeInfo,
    readonly standbyNode: NodeInfo,
  ) {}

  /** initdb for the primary, start it, clone the standby from it, start that; both accept connections. */
  async start(): Promise<void> {
    const owner = await postgresUser();
    for (const node of [this.primaryNode, this.standbyNode]) {
      mkdirSync(node.dataDir, { recursive: true });
      chownSync(dirname(node.dataDir), owner.uid, owner.gid);
      chownSync(node.dataDir, owner.uid, owner.gid);
    }
    await this.asPostgres('initdb', [
      '-D',
      this.primaryNode.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    appendFileSync(join(this.primaryNode.dataDir, 'pg_hba.conf'), 'host all all samenet trust\nhost replication all samenet trust\n');
    await this.runtime.start(this.primaryNode.name);
    this.primary = await this.connectWhenUp(this.primaryNode);
    rmSync(this.standbyNode.dataDir, { recursive: true, force: true });
    await this.asPostgres('pg_basebackup', [
      '-h',
      this.primaryNode.host,
      '-p',
      String(this.primaryNode.port),
      '-U',
      'postgres',
      '-D',
      this.standbyNode.dataDir,
      '-R',
      '-X',
      'stream',
      '--no-sync',
    ]);
    await this.runtime.start(this.standbyNode.name);
    this.standby = await this.connectWhenUp(this.standbyNode);
    await eventually(
      'the standby streams from the primary',
      async () => (await this.primary.query('SELECT 1 FROM pg_stat_replication WHERE state = $1', ['streaming'])).rowCount === 1,
      30_000,
    );
    await this.primary.query('CREATE TABLE ticks (n serial PRIMARY KEY, at timestamptz DEFAULT now())');
  }

  /** Where the standby's walreceiver connects from, as the primary sees it. */
  async standbyAddress(): Promise<string> {
    return (await this.primary.query<{ a: string }>('SELECT client_addr::text AS a FROM pg_stat_replication')).rows[0].a;
  }

  async primaryLsn(): Promise<bigint> {
    return lsn((await this.primary.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l);
  }

  async standbyLsn(): Promise<bigint> {
    return lsn((await this.standby.query<{ l: string | null }>('SELECT pg_last_wal_receive_lsn()::text AS l')).rows[0].l);
  }

  /** Inserts a row on the primary every 20 ms until stopped (3 minutes at most). */
  startWriting(): void {
    this.writing = true;
    const until = Date.now() + 180_000;
    this.writer = (async () => {
      while (this.writing && Date.now() < until) {
        await this.primary.query('INSERT INTO ticks DEFAULT VALUES').catch(() => undefined);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  }

  /** Stops writing, closes connections and stops both servers cleanly (no shared memory left); call before the runtime stops. */
  async close(): Promise<void> {
    this.writing = false;
    await this.writer;
    for (const c of this.clients.splice(0)) await c.end().catch(() => undefined);
    for (const node of [this.primaryNode, this.standbyNode]) await stopServerCleanly(node.dataDir).catch(() => undefined);
  }

  private async connectWhenUp(node: NodeInfo): Promise<pg.Client> {
    let client: pg.Client | undefined;
    const log = () => {
      try {
        return readFileSync(node.logFile, 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        return '(no log)';
      }
    };
    await eventually(
      `${node.name} accepts connections`,
      async () => {
        if (!this.runtime.isRunning(node.name)) throw new Error(`${node.name} stopped`);
        const { host, port } = dialAddress(node);
        const candidate = new pg.Client({ host, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
        candidate.on('error', () => undefined);
        try {
          await candidate.connect();
          client = candidate;
          return true;
        } catch {
          await candidate.end().catch(() => undefined);
          return false;
        }
      },
      90_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the end of its log:\n${log()}`);
    });
    this.clients.push(client!);
    return client!;
  }

  private async asPostgres(program: string, args: string[]): Promise<void> {
    await execa('runuser', ['-u', 'postgres', '--', join(this.binDir, program), ...args]);
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const fields = (await execa('getent', ['passwd', 'postgres'])).stdout.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
