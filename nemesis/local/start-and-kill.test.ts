import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import { NodeCgroup } from './cgroups.js';
import { readProcStat } from './proc.js';

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('a local node is a real process that SIGKILL ends and start brings back', () => {
  const fixture = runtimeFixture();

  it("starts each node on its own address in the run's subnet, kills it for good, and restarts it on the same data", async () => {
    const runtime = fixture.create({ nodes: 2 });
    const [n1, n2] = runtime.nodes;
    expect(n1.host).not.toBe(n2.host);
    expect(n1.host).toMatch(/^10\.214\.[0-9]+\.2$/);
    expect(n1.port).toBe(n2.port);

    // Two starts of one node at once start one process.
    await Promise.all([runtime.start('n1'), runtime.start('n1'), runtime.start('n2')]);
    await waitForProbe(n1);
    await waitForProbe(n2);
    expect(runtime.isRunning('n1')).toBe(true);
    expect(await askProbe(n1, 'starts')).toEqual({ starts: 1 });

    const pid = runtime.pid('n1') as number;
    await runtime.kill('n1');
    expect(runtime.isRunning('n1')).toBe(false);
    const stat = readProcStat(pid);
    expect(stat === undefined || stat.state === 'Z').toBe(true);
    expect(new NodeCgroup(runtime.cgroupOf('n1')).procs()).toEqual([]);
    await expect(askProbe(n1, 'ping', 500)).rejects.toThrow();
    expect(runtime.lastExit('n1')).toMatchObject({ signal: 'SIGKILL', expected: true });
    await askProbe(n2, 'ping');

    await runtime.start('n1');
    await waitForProbe(n1);
    const restartedPid = runtime.pid('n1');
    expect(restartedPid).not.toBe(pid);
    await runtime.start('n1');
    expect(runtime.pid('n1')).toBe(restartedPid);
    expect(await askProbe(n1, 'starts')).toEqual({ starts: 2 });
    expect(existsSync(`${n1.dataDir}/starts`)).toBe(true);

    const log = readFileSync(n1.logFile, 'utf8');
    expect(log.match(/=== faultline .* n1: start: /g)).toHaveLength(2);
    expect(log).toMatch(/n1: kill pid [0-9]+ \(SIGKILL to every process of its cgroup/);
    expect(log).toMatch(/probe n1 listening on .* \(start 1\)/);
    expect(log).toMatch(/probe n1 listening on .* \(start 2\)/);
  });

  it('notices and logs a node that exits on its own, without failing the harness', async () => {
    const runtime = fixture.create({ nodes: 1 });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    await waitForProbe(n1);
    await askProbe(n1, 'exit 3');
    await expect.poll(() => runtime.isRunning('n1')).toBe(false);
    expect(runtime.lastExit('n1')).toMatchObject({ code: 3, expected: false });
    expect(readFileSync(n1.logFile, 'utf8')).toMatch(/n1: pid [0-9]+ exited on its own \(code 3\)/);
    await runtime.kill('n1');
  });

  it('a command that cannot run, or an unknown node, is a clear error', async () => {
    const runtime = fixture.create({ nodes: 1, command: () => ({ command: '/nonexistent/faultline-node', args: [] }) });
    await expect(runtime.start('n1')).rejects.toThrow(/cannot start n1: .*nonexistent/);
    expect(runtime.isRunning('n1')).toBe(false);
    await expect(runtime.start('n9')).rejects.toThrow(/no node named "n9" .*nodes: n1/);
  });
});
