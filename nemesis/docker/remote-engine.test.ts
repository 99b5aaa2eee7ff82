import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../harness/test-support/cli-process.js';
import { postgresAvailable } from '../../targets/postgres/test-support/postgres-available.js';
import { labelFilter } from './labels.js';
import { readRunFile, runCli } from './test-support/cli-run.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { startRemoteEngine, type RemoteEngine } from './test-support/remote-engine.js';
import { startSshEngine } from './test-support/ssh-engine.js';

// A Docker engine the harness cannot share a network with (a second dockerd in a network
// namespace of this test's own, reached over one veth link; its container subnets blackholed
// here). The harness reaches its nodes only through the ports it publishes on its address; the
// faults act inside each node's namespace through the engine's API; `faultline heal` with the
// same DOCKER_HOST cleans up after a killed harness; dialling a container address is refused.

const prereq = await dockerPrerequisites();
let engine: RemoteEngine | undefined;

interface KindEffects {
  faults: number;
  applied: number;
  verified: number;
  notApplied: number;
  undos: number;
  undosVerified: number;
  unverifiedWhy: { why: string }[];
}

/** The per-kind fault tally of a run (results.json `faults`). */
function faultTally(run: Parameters<typeof readRunFile>[0]): Record<string, KindEffects> {
  return (JSON.parse(readRunFile(run, 'results.json')) as { faults: { kinds: Record<string, KindEffects> } }).faults.kinds;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { DOCKER_HOST: engine!.dockerHost, FAULTLINE_DOCKER_SUBNET_POOL: engine!.pool, ...extra };
}

/** Everything labelled by faultline on the remote engine. */
async function remoteLeftovers(): Promise<{ containers: number; volumes: number; networks: number }> {
  const docker = engine!.docker;
  const containers = await docker.listContainers({ all: true, filters: labelFilter() });
  const { Volumes: volumes } = await docker.listVolumes({ filters: labelFilter() });
  const networks = await docker.listNetworks({ filters: labelFilter() });
  return { containers: containers.length, volumes: (volumes ?? []).length, networks: networks.length };
}

describe.skipIf(!prereq.ok)('a Docker engine on a network this machine cannot route to', () => {
  beforeAll(async () => {
    engine = await startRemoteEngine();
  }, 120_000);
  afterAll(async () => {
    const problems = (await engine?.stop()) ?? [];
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  it('runs raft-kv with partitions there, reaching its nodes through published ports only', async () => {
    const run = await runCli(['test', '--runtime', 'docker', '--nemesis', 'partition', '--nemesis-interval', '1500ms', '--time-limit', '7', '--seed', '1'], {
      env: env(),
    });
    expect(await remoteLeftovers()).toEqual({ containers: 0, volumes: 0, networks: 0 });
    expect(run.verdict?.valid, run.stderr).toBe(true);
    expect(run.exitCode).toBe(0);
    const test = JSON.parse(readRunFile(run, 'test.json')) as {
      placement: { engine: string; access: string; nodes: { node: string; address: string; dial: string }[] };
    };
    expect(test.placement).toMatchObject({ engine: engine!.dockerHost, access: 'published' });
    const poolPrefix = engine!.pool.split('.').slice(0, 2).join('.');
    for (const node of test.placement.nodes) {
      expect(node.address.startsWith(`${poolPrefix}.`)).toBe(true);
      expect(node.dial).toMatch(new RegExp(`^${engine!.address.replace(/\./g, '\\.')}:\\d+$`));
    }
    // Partitions were applied inside the nodes' namespaces on that engine, and each was checked
    // there: knocks from the sender's holder went unanswered while the harness's, through the
    // receiver's published port, got through; each heal likewise.
    const logs = ['n1', 'n2', 'n3'].map((n) => readRunFile(run, `nodes/${n}.log`)).join('\n');
    expect(logs).toMatch(/partition: drops packets from n\d/);
    expect(logs).toMatch(/heal: network partition removed/);
    const partition = faultTally(run).partition;
    console.log(
      `remote engine, raft-kv partition (applied/verified/not applied): ${partition.applied}/${partition.verified}/${partition.notApplied}, undos ${partition.undosVerified}/${partition.undos}`,
    );
    expect(partition.applied, JSON.stringify(partition)).toBeGreaterThan(0);
    expect(partition, JSON.stringify(partition)).toMatchObject({ verified: partition.applied, notApplied: 0, undosVerified: partition.undos });
    // The images were imported into that engine through its API.
    const images = (await engine!.docker.listImages()).flatMap((i) => i.RepoTags ?? []);
    expect(images.some((t) => t.startsWith('faultline-node:'))).toBe(true);
    expect(images.some((t) => t.startsWith('faultline-holder:'))).toBe(true);
  }, 300_000);

  it.skipIf(!postgresAvailable)(
    'runs PostgreSQL there under pause, kill and clock faults',
    async () => {
      const run = await runCli(
        [
          'test',
          '--target',
          'postgres',
          '--runtime',
          'docker',
          '--nemesis',
          'pause,kill,clock',
          '--nemesis-interval',
          '1500ms',
          '--time-limit',
          '6',
          '--seed',
          '3',
        ],
        { env: env() },
      );
      expect(await remoteLeftovers()).toEqual({ containers: 0, volumes: 0, networks: 0 });
      expect(run.verdict?.valid, run.stderr).toBe(true);
      const test = JSON.parse(readRunFile(run, 'test.json')) as { placement: { access: string; nodes: { dial: string }[] } };
      expect(test.placement.access).toBe('published');
      expect(test.placement.nodes[0].dial.startsWith(`${engine!.address}:`)).toBe(true);
      const log = readRunFile(run, 'nodes/n1.log');
      expect(['kill container', 'pause container', 'clock offset'].some((marker) => log.includes(`n1: ${marker}`))).toBe(true);
      // Each pause and kill was checked through that engine's inspect; each clock change by the
      // server's own reads of its clock, recorded in its volume and read back through the holder.
      const tally = faultTally(run);
      for (const [kind, e] of Object.entries(tally))
        console.log(
          `remote engine, postgres ${kind} (applied/verified/not applied): ${e.applied}/${e.verified}/${e.notApplied}, undos ${e.undosVerified}/${e.undos}`,
        );
      for (const kind of ['pause', 'kill', 'clock']) {
        const e = tally[kind];
        if (e === undefined || e.applied === 0) continue;
        expect(e, `${kind}: ${JSON.stringify(e)}`).toMatchObject({ notApplied: 0 });
        // A clock change that lands while a kill holds its node down is recorded for the node's next
        // start and cannot be read back yet: the only reason allowed for a fault left unverified.
        const unverified = (e.unverifiedWhy ?? []) as { why: string; count: number }[];
        for (const u of unverified) expect(u.why, `${kind}: ${JSON.stringify(e)}`).toMatch(/is not running/);
        if (unverified.length === 0) expect(e.verified, `${kind}: ${JSON.stringify(e)}`).toBe(e.applied);
      }
      expect(
        Object.values(tally).some((e) => e.verified > 0),
        JSON.stringify(tally),
      ).toBe(true);
    },
    300_000,
  );

  it('runs raft-kv there through ssh:// (dockerode’s SSH transport) under partition, pause, kill and clock faults', async () => {
    const ssh = await startSshEngine(engine!);
    try {
      const run = await runCli(
        ['test', '--runtime', 'docker', '--nemesis', 'partition,pause,kill,clock', '--nemesis-interval', '1500ms', '--time-limit', '7', '--seed', '1'],
        {
          env: env({ DOCKER_HOST: ssh.dockerHost, SSH_AUTH_SOCK: ssh.agentSocket }),
        },
      );
      expect(await remoteLeftovers()).toEqual({ containers: 0, volumes: 0, networks: 0 });
      expect(run.verdict?.valid, run.stderr).toBe(true);
      const test = JSON.parse(readRunFile(run, 'test.json')) as { placement: { engine: string; access: string; nodes: { dial: string }[] } };
      expect(test.placement).toMatchObject({ engine: `ssh://${engine!.address}:2222`, access: 'published' });
      for (const node of test.placement.nodes) expect(node.dial.startsWith(`${engine!.address}:`)).toBe(true);
      const logs = ['n1', 'n2', 'n3'].map((n) => readRunFile(run, `nodes/${n}.log`)).join('\n');
      expect(['partition: drops packets from', 'pause container', 'kill container', 'clock offset'].filter((m) => logs.includes(m)).length).toBeGreaterThan(0);
      // Checked over the same transport (raft-kv's clock reads are too rare to see: its clock changes are left out).
      for (const [kind, e] of Object.entries(faultTally(run))) {
        if (kind !== 'clock' && e.applied > 0) expect(e, `${kind}: ${JSON.stringify(e)}`).toMatchObject({ verified: e.applied });
      }
    } finally {
      await ssh.stop();
    }
  }, 300_000);

  it('refuses, before any client connects, to dial container addresses that do not route here', async () => {
    const run = await runCli(['test', '--runtime', 'docker', '--time-limit', '5'], { env: env({ FAULTLINE_DOCKER_ACCESS: 'direct' }) });
    expect(run.exitCode).toBe(255);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^faultline: nemesis\/docker: refusing to dial node n1 at 10\.\d+\.\d+\.2: this machine has no route to it/);
    expect(await remoteLeftovers()).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 300_000);

  it('faultline heal with the same DOCKER_HOST removes what a killed harness left there', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'faultline-remote-heal-'));
    try {
      const [node, args] = cliCommand(['test', '--runtime', 'docker', '--nemesis', 'partition,pause', '--nemesis-interval', '1s', '--time-limit', '120']);
      // A state folder of its own: heal then judges only this test's local runs, not those of tests next door.
      const state = { FAULTLINE_STATE_DIR: join(cwd, 'state') };
      const harness = execa(node, args, { cwd, reject: false, timeout: 240_000, env: env(state) });
      let ended = false;
      void harness.finally(() => {
        ended = true;
      });
      try {
        const deadline = Date.now() + 180_000;
        for (;;) {
          let log = '';
          try {
            log = readFileSync(join(cwd, 'runs', 'latest', 'harness.log'), 'utf8');
          } catch {
            // Not written yet.
          }
          if (/nemesis (start-partition|pause) /.test(log)) break;
          if (Date.now() > deadline || ended) throw new Error(`the run never reached a fault: ${log}`);
          await sleep(250);
        }
        harness.kill('SIGKILL');
        expect((await harness).signal).toBe('SIGKILL');
        expect(await remoteLeftovers()).toEqual({ containers: 6, volumes: 3, networks: 1 });
      } finally {
        harness.kill('SIGKILL');
        await harness;
      }
      const [healNode, healArgs] = cliCommand(['heal']);
      const heal = await execa(healNode, healArgs, { cwd, reject: false, timeout: 120_000, env: env({ FAULTLINE_STATE_DIR: join(cwd, 'state') }) });
      expect(heal.exitCode, heal.stdout + heal.stderr).toBe(0);
      const removed = (what: string) =>
        heal.stdout
          .split('\n')
          .find((l) => l.startsWith(`docker ${what} removed: `))
          ?.split(': ')[1]
          .split(', ') ?? [];
      expect(removed('containers'), heal.stdout).toHaveLength(6);
      expect(removed('volumes'), heal.stdout).toHaveLength(3);
      expect(removed('networks'), heal.stdout).toHaveLength(1);
      expect(await remoteLeftovers()).toEqual({ containers: 0, volumes: 0, networks: 0 });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 300_000);
});
