import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { guardedCount } from '../local/exit-guard.js';
import { labelFilter } from './labels.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { waitForNode } from './test-support/probe.js';

const prereq = await dockerPrerequisites();

describe.skipIf(!prereq.ok)('stopAll removes the run’s containers, volumes and network, and is safe to call twice', () => {
  const fixture = dockerFixture();

  it('removes running, paused and killed containers, their holders and volumes, and the network; keeps the logs', async () => {
    const docker = new Docker();
    const guardedBefore = guardedCount();
    const runtime = await fixture.create({ nodes: 3 });
    expect(guardedCount()).toBe(guardedBefore + 1);
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForNode(n)));
    await runtime.pause('n2');
    await runtime.kill('n3');
    await runtime.partition({ n1: ['n2'] });
    await runtime.setClockOffset('n1', 10_000);
    const containers = await docker.listContainers({ all: true, filters: labelFilter(runtime.id) });
    const roles = containers.map((c) => `${c.Labels['faultline.node']} ${c.Labels['faultline.role']}`).sort();
    expect(roles).toEqual(['n1 holder', 'n1 node', 'n2 holder', 'n2 node', 'n3 holder', 'n3 node']);
    expect((await docker.listVolumes({ filters: labelFilter(runtime.id) })).Volumes.map((v) => v.Labels['faultline.node']).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(containers.every((c) => c.Labels['faultline.owner'].startsWith(`${process.pid}:`))).toBe(true);

    await Promise.all([runtime.stopAll(), runtime.stopAll()]);
    await runtime.stopAll();
    expect(await docker.listContainers({ all: true, filters: labelFilter(runtime.id) })).toEqual([]);
    expect(await docker.listNetworks({ filters: labelFilter(runtime.id) })).toEqual([]);
    expect((await docker.listVolumes({ filters: labelFilter(runtime.id) })).Volumes).toEqual([]);
    expect(guardedCount()).toBe(guardedBefore);
    for (const node of runtime.nodes) expect(runtime.isRunning(node.name)).toBe(false);
    expect(readFileSync(runtime.nodes[0].logFile, 'utf8')).toMatch(/n1: stopAll: removing the container/);
    await expect(runtime.start('n1')).rejects.toThrow(/cannot start n1: runtime .* was stopped \(stopAll\)/);
    await expect(runtime.partition({})).rejects.toThrow(/was stopped/);
  });

  it('stopAll of a runtime whose nodes never started removes its holders, volumes and network', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    await runtime.stopAll();
    const docker = new Docker();
    expect(await docker.listContainers({ all: true, filters: labelFilter(runtime.id) })).toEqual([]);
    expect((await docker.listVolumes({ filters: labelFilter(runtime.id) })).Volumes).toEqual([]);
    expect(await docker.listNetworks({ filters: labelFilter(runtime.id) })).toEqual([]);
  });
});
