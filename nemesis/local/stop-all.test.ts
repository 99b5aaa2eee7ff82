import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import { blockLockFile } from './address-block.js';
import { guardedCount } from './exit-guard.js';
import { listFaultlineRules } from './iptables.js';
import { bridgeExists, runtimeNamespaces } from './node-network.js';
import { readProcStat } from './proc.js';
import { stateDir } from './registry.js';

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('stopAll ends every node and undoes every fault, once and for all', () => {
  const fixture = runtimeFixture();

  it('kills running and paused nodes, removes namespaces, bridge, cgroups and chain, resets clocks, releases the subnet; twice is fine', async () => {
    const guardedBefore = guardedCount();
    const runtime = fixture.create({ nodes: 3 });
    expect(guardedCount()).toBe(guardedBefore + 1);
    const block = Number(runtime.nodes[0].host.split('.')[2]);
    const cgroups = runtime.nodes.map((n) => runtime.cgroupOf(n.name));
    expect(runtimeNamespaces(runtime.id)).toHaveLength(3);
    expect(bridgeExists(runtime.bridge)).toBe(true);
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForProbe(n)));
    const pids = runtime.nodes.map((n) => runtime.pid(n.name) as number);
    await runtime.partition({ n1: ['n2', 'n3'] });
    await runtime.pause('n2');
    await runtime.setClockOffset('n3', 12_345);
    expect(existsSync(blockLockFile(block))).toBe(true);

    await Promise.all([runtime.stopAll(), runtime.stopAll()]);
    await runtime.stopAll();

    for (const pid of pids) expect(readProcStat(pid) === undefined || readProcStat(pid)?.state === 'Z').toBe(true);
    for (const dir of cgroups) expect(existsSync(dir)).toBe(false);
    expect(runtimeNamespaces(runtime.id)).toEqual([]);
    expect(bridgeExists(runtime.bridge)).toBe(false);
    for (const node of runtime.nodes) expect(runtime.isRunning(node.name)).toBe(false);
    expect((await listFaultlineRules()).filter((r) => r.includes(runtime.chain))).toEqual([]);
    expect(existsSync(join(stateDir(), 'clock', runtime.id))).toBe(false);
    expect(existsSync(join(stateDir(), 'runtimes', `${runtime.id}.json`))).toBe(false);
    expect(existsSync(blockLockFile(block))).toBe(false);
    expect(guardedCount()).toBe(guardedBefore);
    await expect(runtime.start('n1')).rejects.toThrow(/runtime .* was stopped/);
  });

  it('a start still under way when stopAll is called is finished and then killed, not leaked', async () => {
    const runtime = fixture.create({ nodes: 1 });
    const starting = runtime.start('n1');
    await runtime.stopAll();
    await starting;
    expect(runtime.isRunning('n1')).toBe(false);
    expect(runtime.lastExit('n1')).toMatchObject({ signal: 'SIGKILL', expected: true });
  });
});
