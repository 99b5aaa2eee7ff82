import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askProbe, probeCommand, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import { NodeCgroup } from './cgroups.js';
import { readProcStat } from './proc.js';

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('pause freezes every process of a node at once and resume lets them go on', () => {
  const fixture = runtimeFixture();

  it('a paused node is frozen, children and daemons too, and answers nothing; resumed, it answers again', async () => {
    // The node forks a child that leaves its session (as PostgreSQL's backends do): a process
    // group signal would miss it, the cgroup does not.
    const runtime = fixture.create({
      nodes: 2,
      command: (node) => {
        const probe = probeCommand(node);
        return node.name === 'n1' ? { command: '/bin/sh', args: ['-c', 'setsid sleep 60 & exec "$@"', 'sh', probe.command, ...probe.args] } : probe;
      },
    });
    const [n1, n2] = runtime.nodes;
    await Promise.all([runtime.start('n1'), runtime.start('n2')]);
    await Promise.all([waitForProbe(n1), waitForProbe(n2)]);
    const pid = runtime.pid('n1') as number;
    const cgroup = new NodeCgroup(runtime.cgroupOf('n1'));
    expect(cgroup.procs().length).toBe(2);

    await runtime.pause('n1');
    expect(cgroup.frozen()).toBe(true);
    expect(readProcStat(pid)?.state).not.toBe('T');
    expect(runtime.isRunning('n1')).toBe(true);
    await expect(askProbe(n1, 'ping', 700)).rejects.toThrow(/did not answer/);
    await askProbe(n2, 'ping');
    await runtime.pause('n1');

    await runtime.resume('n1');
    expect(cgroup.frozen()).toBe(false);
    expect(await askProbe(n1, 'ping')).toMatchObject({ pong: true, pid });

    const log = readFileSync(n1.logFile, 'utf8');
    expect(log).toMatch(/n1: pause pid [0-9]+ \(froze its cgroup, 2 processes\)/);
    expect(log).toMatch(/n1: resume pid [0-9]+ \(thawed its cgroup\)/);
  });

  it('a paused node can be killed, and pausing a stopped node is an error naming it', async () => {
    const runtime = fixture.create({ nodes: 1 });
    await runtime.start('n1');
    await waitForProbe(runtime.nodes[0]);
    const pid = runtime.pid('n1') as number;
    await runtime.pause('n1');
    await runtime.kill('n1');
    const stat = readProcStat(pid);
    expect(stat === undefined || stat.state === 'Z').toBe(true);
    expect(new NodeCgroup(runtime.cgroupOf('n1')).populated()).toBe(false);
    await expect(runtime.pause('n1')).rejects.toThrow(/cannot pause n1: it is not running/);
    await runtime.resume('n1');
  });
});
