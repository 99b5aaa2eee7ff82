import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, waitForNode } from './test-support/probe.js';

const prereq = await dockerPrerequisites();

/** The node's wall clock minus the harness's, bracketed by the request's round trip. */
async function skewOf(node: Parameters<typeof askNode>[0]): Promise<{ low: number; high: number; mono: bigint }> {
  const before = Date.now();
  const answer = await askNode(node, 'time');
  const after = Date.now();
  const wall = answer.wall as number;
  return { low: wall - after, high: wall - before, mono: BigInt(answer.mono as string) };
}

describe.skipIf(!prereq.ok)('clock skew inside a container: the wall clock moves, the monotonic clock does not', () => {
  const fixture = dockerFixture();

  it('setClockOffset shifts a running node’s Date.now() at once; its monotonic clock keeps true time; reset undoes it', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    const [n1, n2] = runtime.nodes;
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForNode(n)));
    const start = await skewOf(n1);
    expect(start.low).toBeLessThanOrEqual(50);
    expect(start.high).toBeGreaterThanOrEqual(-50);
    const hostMonoStart = process.hrtime.bigint();

    await runtime.setClockOffset('n1', 3_600_000);
    // The library re-reads the offset file about every millisecond.
    await new Promise((r) => setTimeout(r, 50));
    const ahead = await skewOf(n1);
    expect(ahead.low).toBeLessThanOrEqual(3_600_000 + 50);
    expect(ahead.high).toBeGreaterThanOrEqual(3_600_000 - 50);
    // Monotonic time on the node advanced as much as the host's did, not by an hour.
    const nodeMono = Number(ahead.mono - start.mono) / 1e6;
    const hostMono = Number(process.hrtime.bigint() - hostMonoStart) / 1e6;
    expect(nodeMono).toBeLessThan(hostMono + 1_000);
    expect(nodeMono).toBeGreaterThan(0);
    // Only n1 was skewed.
    expect((await skewOf(n2)).low).toBeLessThanOrEqual(50);

    await runtime.setClockOffset('n1', -90_000);
    await new Promise((r) => setTimeout(r, 50));
    const behind = await skewOf(n1);
    expect(behind.high).toBeGreaterThanOrEqual(-90_000 - 50);
    expect(behind.low).toBeLessThanOrEqual(-90_000 + 50);

    await runtime.resetClock('n1');
    await new Promise((r) => setTimeout(r, 50));
    const back = await skewOf(n1);
    expect(back.low).toBeLessThanOrEqual(50);
    expect(back.high).toBeGreaterThanOrEqual(-50);
    expect(readFileSync(n1.logFile, 'utf8')).toMatch(/n1: clock offset \+3600000 ms ===\n[^]*n1: clock offset -90000 ms ===\n[^]*n1: clock offset \+0 ms/);
  });

  it('an offset set while a node is down applies when it starts', async () => {
    const runtime = await fixture.create({ nodes: 1 });
    const [n1] = runtime.nodes;
    await runtime.setClockOffset('n1', 120_000);
    await runtime.start('n1');
    await waitForNode(n1);
    const skew = await skewOf(n1);
    expect(skew.low).toBeLessThanOrEqual(120_000 + 50);
    expect(skew.high).toBeGreaterThanOrEqual(120_000 - 50);
  });

  it('without clock skew the runtime says so', async () => {
    const runtime = await fixture.create({ nodes: 1, clockSkew: false });
    await expect(runtime.setClockOffset('n1', 1000)).rejects.toThrow(/was built with clockSkew: false/);
  });
});
