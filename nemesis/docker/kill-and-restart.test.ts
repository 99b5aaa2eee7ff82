import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, isSilent, waitForNode } from './test-support/probe.js';

const prereq = await dockerPrerequisites();

describe.skipIf(!prereq.ok)('kill is docker kill; start brings back the same container on the same data', () => {
  const fixture = dockerFixture();

  it('a killed node is gone, and restarts in the same container, at the same address, with its data', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    await waitForNode(n1);
    const id = runtime.containerId('n1')!;
    const first = await askNode(n1, 'ping');
    expect(await askNode(n1, 'starts')).toEqual({ starts: 1 });
    // The data folder is in the node's volume on the engine's machine, not in this run folder.
    expect(existsSync(join(n1.dataDir, 'starts'))).toBe(false);
    expect((await new Docker().getVolume(`faultline-${runtime.id}-n1`).inspect()).Labels).toMatchObject({
      'faultline.run': runtime.id,
      'faultline.node': 'n1',
    });

    await runtime.kill('n1');
    expect(runtime.isRunning('n1')).toBe(false);
    expect(runtime.lastExit('n1')).toMatchObject({ code: 137, expected: true });
    const state = (await new Docker().getContainer(id).inspect()).State;
    expect(state).toMatchObject({ Running: false, Status: 'exited' });
    expect(await isSilent(n1)).toBe(true);

    await runtime.start('n1');
    await waitForNode(n1);
    expect(runtime.containerId('n1')).toBe(id);
    expect(await askNode(n1, 'starts')).toEqual({ starts: 2 });
    expect(await askNode(n1, 'ping')).toMatchObject({ pong: true, name: 'n1' });
    expect((await askNode(n1, 'ping')).pid).toBe(first.pid);

    const log = readFileSync(n1.logFile, 'utf8');
    expect(log).toMatch(/n1: start: .*probe-node\.mjs --name n1 --host [0-9.]+ --port 7000/);
    expect(log).toMatch(/probe n1 listening on .*\(start 1\)\n[^]*n1: kill container [0-9a-f]{12} \(docker kill, SIGKILL\) ===\n[^]*\(start 2\)/);
  });

  it('a node that exits on its own is seen as stopped, and the log says so', async () => {
    const runtime = await fixture.create({ nodes: 1 });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    await waitForNode(n1);
    await askNode(n1, 'exit 3');
    await expect.poll(() => runtime.isRunning('n1'), { timeout: 10_000 }).toBe(false);
    expect(runtime.lastExit('n1')).toMatchObject({ code: 3, expected: false });
    expect(readFileSync(n1.logFile, 'utf8')).toMatch(/n1: container stopped on its own \(exit code 3\)/);
  });

  it('says which node a failed start was for and why', async () => {
    const runtime = await fixture.create({ nodes: 1, command: () => ({ command: '/nonexistent/server', args: [] }) });
    await expect(runtime.start('n1')).rejects.toThrow(/nemesis\/docker: cannot start n1: .*\/nonexistent\/server.*ClusterSpec\.container\.paths/);
    expect(runtime.isRunning('n1')).toBe(false);
  });
});
