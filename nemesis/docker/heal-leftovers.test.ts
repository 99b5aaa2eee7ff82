import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { healDockerLeftovers } from './heal-leftovers.js';
import { labelFilter } from './labels.js';
import { removeRun } from './remove-run.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';

const prereq = await dockerPrerequisites();
const HARNESS = new URL('./test-support/abandoned-docker-harness.ts', import.meta.url);
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Setup {
  id: string;
  network: string;
  containers: Record<string, string>;
}

const docker = new Docker();
const harnesses: ResultPromise[] = [];
const runDirs: string[] = [];
const runIds: string[] = [];

/** Starts the abandoned harness and waits for its description of what it set up. */
async function startHarness(mode: 'wait' | 'exit'): Promise<{ harness: ResultPromise<{ reject: false }>; setup: Setup; runDir: string }> {
  const runDir = mkdtempSync(join(tmpdir(), 'faultline-docker-test-'));
  runDirs.push(runDir);
  const harness = execa(process.execPath, ['--import', TSX, HARNESS.pathname, runDir, mode], { reject: false, timeout: 120_000, forceKillAfterDelay: 60_000 });
  harnesses.push(harness);
  const setup = await new Promise<Setup>((resolve, reject) => {
    let out = '';
    harness.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as Setup);
    });
    void harness.then((r) => reject(new Error(`harness ended before setting up: ${r.stderr}`)));
  });
  runIds.push(setup.id);
  return { harness, setup, runDir };
}

async function leftoversOf(runId: string): Promise<{ containers: number; volumes: number; networks: number }> {
  const containers = await docker.listContainers({ all: true, filters: labelFilter(runId) });
  const { Volumes: volumes } = await docker.listVolumes({ filters: labelFilter(runId) });
  const networks = await docker.listNetworks({ filters: labelFilter(runId) });
  return { containers: containers.length, volumes: (volumes ?? []).length, networks: networks.length };
}

describe.skipIf(!prereq.ok)('nothing outlives a Docker harness: its handlers clean up, heal finds what a SIGKILL left', () => {
  afterEach(async () => {
    for (const h of harnesses.splice(0)) h.kill('SIGKILL');
    // Only this file's runs: other runs on this machine may belong to tests running next door.
    for (const id of runIds.splice(0)) await removeRun(docker, id);
    for (const dir of runDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a live harness’s run alone; after SIGKILL of the harness, removes its containers (the paused one too), volumes and network', async () => {
    const { harness, setup } = await startHarness('wait');
    const paused = await docker.getContainer(setup.containers.n2).inspect();
    expect(paused.State.Paused).toBe(true);
    const whileAlive = await healDockerLeftovers();
    expect(whileAlive.live.map((l) => l.run)).toContain(setup.id);
    // Each node: its own container and its holder, and a volume.
    expect(await leftoversOf(setup.id)).toEqual({ containers: 6, volumes: 3, networks: 1 });

    harness.kill('SIGKILL');
    expect((await harness).signal).toBe('SIGKILL');
    // The harness is gone; what it set up is not.
    expect(await leftoversOf(setup.id)).toEqual({ containers: 6, volumes: 3, networks: 1 });

    const report = await healDockerLeftovers();
    expect(report.runs).toContain(setup.id);
    expect(report.containers).toEqual(
      expect.arrayContaining(['n1', 'n2', 'n3'].flatMap((n) => [`faultline-${setup.id}-${n}`, `faultline-${setup.id}-${n}-holder`])),
    );
    expect(report.volumes).toEqual(expect.arrayContaining(['n1', 'n2', 'n3'].map((n) => `faultline-${setup.id}-${n}`)));
    expect(report.networks).toContain(setup.network);
    expect(report.problems).toEqual([]);
    expect(await leftoversOf(setup.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
    expect((await healDockerLeftovers()).runs).not.toContain(setup.id);
  });

  it('on SIGTERM the harness removes its containers, volumes and network before dying of the signal', async () => {
    const { harness, setup, runDir } = await startHarness('wait');
    harness.kill('SIGTERM');
    expect((await harness).signal).toBe('SIGTERM');
    expect(await leftoversOf(setup.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
    expect(readFileSync(join(runDir, 'nodes', 'n1.log'), 'utf8')).toMatch(/n1: container removed \(SIGTERM\)/);
  });

  it('a harness that just ends without stopAll cleans up on exit', async () => {
    const { harness, setup } = await startHarness('exit');
    expect((await harness).exitCode).toBe(0);
    expect(await leftoversOf(setup.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  });
});
