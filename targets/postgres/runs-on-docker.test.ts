import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunFile, runCli } from '../../nemesis/docker/test-support/cli-run.js';
import { dockerPrerequisites } from '../../nemesis/docker/test-support/prerequisites.js';
import { DockerRuntime } from '../../nemesis/docker.js';
import { dialAddress } from '../../core/runtime.js';
import { PgConnection } from './connection.js';
import { postgresContainerNeeds } from './container.js';
import { findPostgresBinDir } from './install.js';
import { postgresNodeCommand } from './launch.js';
import { waitUntilAccepting } from './server.js';
import { postgresAvailable, usePostgresRunsDir } from './test-support/index.js';

// PostgreSQL on --runtime docker, as a user runs it: the server, initdb, its modules and share
// files and the postgres account are assembled into the node image from this machine's own
// installation; pause freezes the container, kill is docker kill, clock faults shift the wall
// clock the server sees; the audit runs every run on Docker too.

const prereq = await dockerPrerequisites();
const runsDir = usePostgresRunsDir();

describe.skipIf(!prereq.ok || !postgresAvailable)('postgres on the Docker runtime', () => {
  it('runs a serializable list-append test under pause, kill and clock faults to a valid verdict, recovering after each kill', async () => {
    const run = await runCli(
      [
        'test',
        '--target',
        'postgres',
        '--runtime',
        'docker',
        '--isolation',
        'serializable',
        '--nemesis',
        'pause,kill,clock',
        '--nemesis-interval',
        '1500ms',
        '--time-limit',
        '10',
        '--seed',
        '3',
      ],
      { cwd: runsDir() },
    );
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
    expect(run.verdict?.valid, run.stderr).toBe(true);
    expect(run.exitCode).toBe(0);
    const test = JSON.parse(readRunFile(run, 'test.json')) as { placement: { runtime: string; nodes: { node: string; image: string; address: string }[] } };
    expect(test.placement).toMatchObject({ runtime: 'docker', nodes: [{ node: 'n1', address: expect.stringMatching(/^10\.\d+\.\d+\.2:5432$/) }] });
    const log = readRunFile(run, 'nodes/n1.log');
    // initdb ran inside the container, as the postgres user, with the share files of the image.
    expect(log).toMatch(/The files belonging to this database system will be owned by user "postgres"/);
    expect(log).toMatch(/database system is ready to accept connections/);
    // The node log's markers say what was done to the container (which faults fall inside the time
    // limit varies with the machine's speed); after a kill the server recovers from its WAL.
    const done = ['kill container', 'pause container', 'clock offset'].filter((marker) => log.includes(`n1: ${marker}`));
    expect(done.length).toBeGreaterThan(0);
    if (done.includes('kill container'))
      expect(log).toMatch(/kill container [0-9a-f]{12} \(docker kill, SIGKILL\)[^]*database system was interrupted[^]*redo done/);
    expect(log).not.toMatch(/container stopped on its own/);
  }, 300_000);

  it('restarts after every kill: a dead server’s lock file never stops the next one; its clock can be skewed', async () => {
    // The pid in a killed server's postmaster.pid may belong, in the restarted container, to a
    // thread of the launcher; PostgreSQL would take it for a live postmaster and refuse to start.
    const runDir = join(runsDir(), 'run');
    const binDir = findPostgresBinDir()!;
    const runtime = await DockerRuntime.create({
      runDir,
      nodes: 1,
      port: 5432,
      needs: postgresContainerNeeds(binDir),
      command: (node, cluster) => postgresNodeCommand(node, cluster, { binDir, settings: [], runtime: 'docker' }),
    });
    try {
      const [n1] = runtime.nodes;
      const endpoint = { kind: 'node' as const, name: 'n1', ...dialAddress(n1) };
      for (let start = 1; start <= 3; start++) {
        await runtime.start('n1');
        await waitUntilAccepting(endpoint, { timeoutMs: 60_000, node: n1, runtime });
        await runtime.kill('n1');
      }
      // The server itself (not only our own programs) sees the skewed wall clock: now() is a day ahead.
      await runtime.start('n1');
      await waitUntilAccepting(endpoint, { timeoutMs: 60_000 });
      await runtime.setClockOffset('n1', 86_400_000);
      const connection = await PgConnection.open(endpoint, { connectTimeoutMs: 5_000 });
      try {
        const [row] = await connection.query<{ epoch: string }>('SELECT extract(epoch FROM clock_timestamp()) AS epoch');
        expect(Number(row.epoch) * 1000 - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
        expect(Number(row.epoch) * 1000 - Date.now()).toBeLessThan(86_400_000 + 60_000);
      } finally {
        await connection.close();
      }
      const log = readFileSync(n1.logFile, 'utf8');
      expect(log.match(/removed .*postmaster\.pid of the server that ran before this container's restart/g)?.length).toBe(3);
      expect(log).not.toMatch(/lock file "postmaster\.pid" already exists/);
    } finally {
      await runtime.stopAll();
    }
  }, 180_000);

  it('audits an isolation level with every run on Docker, from one template data folder', async () => {
    const cwd = runsDir();
    const run = await runCli(
      ['audit', 'postgres', '--runtime', 'docker', '--levels', 'serializable', '--workloads', 'list-append,bank', '--time-limit', '4s', '--seed', '5'],
      { cwd, timeoutMs: 360_000 },
    );
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
    expect(run.exitCode, run.stderr).toBe(0);
    const audit = JSON.parse(run.stdout) as {
      settings: { runtime: string };
      about: string[];
      levels: Record<string, Record<string, { observed: boolean; transactions: number }>>;
    };
    expect(audit.settings.runtime).toBe('docker');
    expect(audit.about.join('\n')).toMatch(/private PostgreSQL servers on the docker runtime/);
    expect(Object.keys(audit.levels)).toEqual(['serializable']);
    expect(audit.levels.serializable['G-single'].transactions).toBeGreaterThan(0);
    const runs = readdirSync(join(cwd, 'runs')).filter((d) => d.startsWith('postgres-'));
    expect(runs.sort()).toEqual(['postgres-bank-serializable', 'postgres-list-append-serializable']);
    for (const name of runs) {
      const [stamp] = readdirSync(join(cwd, 'runs', name));
      const dir = join(cwd, 'runs', name, stamp);
      expect(JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8')).placement.runtime).toBe('docker');
      // The template's data folder was copied in: no initdb in the container.
      expect(readFileSync(join(dir, 'nodes', 'n1.log'), 'utf8')).not.toMatch(/The files belonging to this database system/);
    }
  }, 420_000);
});
