import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { blockLockFile } from './address-block.js';
import { healLeftovers } from './heal-leftovers.js';
import { listFaultlineChains, listFaultlineRules } from './iptables.js';
import { NodeCgroup } from './cgroups.js';
import { bridgeExists, runtimeNamespaces } from './node-network.js';
import { readProcStat } from './proc.js';
import { stateDir } from './registry.js';

const prereq = await faultPrerequisites();
const HARNESS = new URL('../test-support/abandoned-harness.ts', import.meta.url);
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Setup {
  id: string;
  chain: string;
  bridge: string;
  host: string;
  pids: Record<string, number>;
  cgroups: string[];
}

const harnesses: ResultPromise[] = [];
const runDirs: string[] = [];

/** Starts the abandoned harness and waits for its description of the faults it set up. */
async function startHarness(mode: 'wait' | 'exit', ...extra: string[]): Promise<{ harness: ResultPromise<{ reject: false }>; setup: Setup }> {
  const runDir = mkdtempSync(join(tmpdir(), 'faultline-test-'));
  runDirs.push(runDir);
  const harness = execa(process.execPath, ['--import', TSX, HARNESS.pathname, runDir, mode, ...extra], { reject: false, timeout: 90_000 });
  harnesses.push(harness);
  const setup = await new Promise<Setup>((resolve, reject) => {
    let out = '';
    harness.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as Setup);
    });
    void harness.then((r) => reject(new Error(`harness ended before setting up: ${r.stderr}`)));
  });
  return { harness, setup };
}

function gone(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat === undefined || stat.state === 'Z';
}

/** Nothing of that runtime is left: processes, cgroups, namespaces, bridge, chain, clock files, lease, record. */
async function expectNothingLeft(setup: Setup) {
  for (const pid of Object.values(setup.pids)) expect(gone(pid), `pid ${pid} is gone`).toBe(true);
  for (const dir of setup.cgroups) expect(existsSync(dir), `${dir} is gone`).toBe(false);
  expect(runtimeNamespaces(setup.id)).toEqual([]);
  expect(bridgeExists(setup.bridge)).toBe(false);
  expect(await listFaultlineChains()).not.toContain(setup.chain);
  expect(existsSync(join(stateDir(), 'clock', setup.id))).toBe(false);
  expect(existsSync(join(stateDir(), 'runtimes', `${setup.id}.json`))).toBe(false);
  expect(existsSync(blockLockFile(Number(setup.host.split('.')[2])))).toBe(false);
}

describe.skipIf(!prereq.ok)('nothing outlives a harness: its own handlers clean up, heal finds what a SIGKILL left', () => {
  afterEach(async () => {
    const running = harnesses.splice(0);
    for (const h of running) h.kill('SIGKILL');
    // Heal only once they are dead: a harness still alive is left alone by design.
    await Promise.allSettled(running);
    await healLeftovers();
    for (const dir of runDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('after SIGKILL of the harness, healLeftovers kills its nodes (the frozen one too) and removes namespaces, links, bridge, cgroups and chain', async () => {
    const { harness, setup } = await startHarness('wait');
    const n2 = new NodeCgroup(setup.cgroups[1]);
    expect(n2.frozen()).toBe(true);
    harness.kill('SIGKILL');
    expect((await harness).signal).toBe('SIGKILL');
    // The harness is gone; what it set up is not.
    expect(readProcStat(setup.pids.n1)?.state).toMatch(/[RS]/);
    expect(n2.frozen()).toBe(true);
    expect(await listFaultlineChains()).toContain(setup.chain);
    expect(runtimeNamespaces(setup.id)).toHaveLength(3);
    expect(bridgeExists(setup.bridge)).toBe(true);

    const report = await healLeftovers();
    expect(report.runtimes).toContain(setup.id);
    expect(report.chains).toContain(setup.chain);
    expect(report.namespaces).toHaveLength(3);
    expect(report.bridges).toEqual([setup.bridge]);
    expect([...report.killed].sort()).toEqual(expect.arrayContaining(Object.values(setup.pids)));
    expect(report.problems).toEqual([]);
    await expectNothingLeft(setup);
    // No rule anywhere still names the dead harness's chain. (Other chains may belong to runs
    // next door, alive or killed a moment ago; they are theirs to heal.)
    expect((await listFaultlineRules()).filter((r) => r.includes(setup.chain))).toEqual([]);
    expect((await healLeftovers()).runtimes).not.toContain(setup.id);
  });

  it('on SIGTERM the harness stops its nodes and removes its faults before dying of the signal', async () => {
    const { harness, setup } = await startHarness('wait');
    harness.kill('SIGTERM');
    expect((await harness).signal).toBe('SIGTERM');
    await expect.poll(() => Object.values(setup.pids).every(gone)).toBe(true);
    await expectNothingLeft(setup);
  });

  it.each([[[]], [['no-signals']]])('a harness that just ends without stopAll cleans up on exit (%j)', async (extra) => {
    const { harness, setup } = await startHarness('exit', ...extra);
    expect((await harness).exitCode).toBe(0);
    await expect.poll(() => Object.values(setup.pids).every(gone)).toBe(true);
    await expectNothingLeft(setup);
  });

  it('leaves runtimes of live harnesses alone', async () => {
    const { setup } = await startHarness('wait');
    const report = await healLeftovers();
    expect(report.live.map((l) => l.id)).toContain(setup.id);
    expect(await listFaultlineChains()).toContain(setup.chain);
    expect(readdirSync(join(stateDir(), 'clock'))).toContain(setup.id);
    expect(runtimeNamespaces(setup.id)).toHaveLength(3);
    expect(bridgeExists(setup.bridge)).toBe(true);
  });
});
