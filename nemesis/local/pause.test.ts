import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import { readProcStat } from './proc.js';

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('pause stops a node with SIGSTOP and resume lets it go on', () => {
  const fixture = runtimeFixture();

  it('a paused node is in state T and answers nothing; resumed, it answers again', async () => {
    const runtime = fixture.create({ nodes: 2 });
    const [n1, n2] = runtime.nodes;
    await Promise.all([runtime.start('n1'), runtime.start('n2')]);
    await Promise.all([waitForProbe(n1), waitForProbe(n2)]);
    const pid = runtime.pid('n1') as number;

    await runtime.pause('n1');
    expect(readProcStat(pid)?.state).toBe('T');
    expect(runtime.isRunning('n1')).toBe(true);
    await expect(askProbe(n1, 'ping', 700)).rejects.toThrow(/did not answer/);
    await askProbe(n2, 'ping');
    await runtime.pause('n1');

    await runtime.resume('n1');
    expect(readProcStat(pid)?.state).not.toBe('T');
    expect(await askProbe(n1, 'ping')).toMatchObject({ pong: true, pid });

    const log = readFileSync(n1.logFile, 'utf8');
    expect(log).toMatch(/n1: pause pid [0-9]+ \(SIGSTOP\)/);
    expect(log).toMatch(/n1: resume pid [0-9]+ \(SIGCONT\)/);
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
    await expect(runtime.pause('n1')).rejects.toThrow(/cannot pause n1: it is not running/);
    await runtime.resume('n1');
  });
});
