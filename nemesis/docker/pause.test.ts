import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, isSilent, waitForNode } from './test-support/probe.js';

const prereq = await dockerPrerequisites();

describe.skipIf(!prereq.ok)('docker pause freezes a node; resume thaws it', () => {
  const fixture = dockerFixture();

  it('a paused container is paused and answers nothing; after resume it answers again, same process', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    const [n1, n2] = runtime.nodes;
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForNode(n)));
    const before = await askNode(n1, 'ping');

    await runtime.pause('n1');
    const container = new Docker().getContainer(runtime.containerId('n1')!);
    expect((await container.inspect()).State).toMatchObject({ Status: 'paused', Paused: true });
    expect(await isSilent(n1)).toBe(true);
    // Its peers get no answer either, while the rest of the cluster is untouched.
    expect(await askNode(n2, 'ping')).toMatchObject({ pong: true });
    expect(runtime.isRunning('n1')).toBe(true);

    await runtime.resume('n1');
    expect((await container.inspect()).State).toMatchObject({ Status: 'running', Paused: false });
    expect(await askNode(n1, 'ping')).toEqual(before);
    expect(readFileSync(n1.logFile, 'utf8')).toMatch(/n1: pause container [0-9a-f]{12} \(docker pause\) ===\n[^]*n1: resume container/);
    // Two holders, two nodes and their probes: past a minute on a loaded two-core machine.
  }, 150_000);

  it('a paused node can be killed and started again', async () => {
    const runtime = await fixture.create({ nodes: 1 });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    await waitForNode(n1);
    await runtime.pause('n1');
    await runtime.kill('n1');
    expect(runtime.isRunning('n1')).toBe(false);
    await runtime.resume('n1');
    await runtime.start('n1');
    await waitForNode(n1);
    expect(await askNode(n1, 'starts')).toEqual({ starts: 2 });
  });

  it('refuses to pause a node that is not running, naming it', async () => {
    const runtime = await fixture.create({ nodes: 1 });
    await expect(runtime.pause('n1')).rejects.toThrow(/cannot pause n1: it is not running/);
  });
});
