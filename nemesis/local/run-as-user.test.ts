import { chmodSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import { probeCommand } from '../test-support/probe-client.js';
import { NodeCgroup } from './cgroups.js';

const prereq = await faultPrerequisites();

function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Uid:')) as string;
  return Number(line.split(/\s+/)[1]);
}

describe.skipIf(!prereq.ok)('a node can run as another user (PostgreSQL refuses root)', () => {
  const fixture = runtimeFixture();

  it('runs the command as that user on a data folder it owns, with the clock library and the cgroup still working', async () => {
    const runDir = fixture.runDir();
    // The user must be able to walk down to its data folder.
    chmodSync(runDir, 0o755);
    const runtime = fixture.create({ nodes: 1, runDir, command: (node) => ({ ...probeCommand(node), user: 'nobody' }) });
    const [n1] = runtime.nodes;
    await runtime.start('n1');
    await waitForProbe(n1);
    expect(statSync(n1.dataDir).uid).toBe(65534);
    const cgroup = new NodeCgroup(runtime.cgroupOf('n1'));
    expect(cgroup.procs().map(uidOf)).toContain(65534);

    await runtime.setClockOffset('n1', 90_000);
    await new Promise((r) => setTimeout(r, 20));
    const { wall } = await askProbe(n1, 'time');
    expect((wall as number) - Date.now()).toBeGreaterThan(89_000);

    await runtime.kill('n1');
    expect(cgroup.procs()).toEqual([]);
  });

  it('names the node when the user does not exist', async () => {
    const runtime = fixture.create({ nodes: 1, command: (node) => ({ ...probeCommand(node), user: 'no-such-user-fl' }) });
    await expect(runtime.start('n1')).rejects.toThrow(/command\(n1\)\.user: no user named "no-such-user-fl"/);
  });
});
