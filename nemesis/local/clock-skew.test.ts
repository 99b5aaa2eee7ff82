import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import type { NodeInfo } from '../../core/runtime.js';

const prereq = await faultPrerequisites();

/** What the node says the time is, bracketed by the harness's true clocks around the question. */
async function readClocks(node: NodeInfo) {
  const wallBefore = Date.now();
  const monoBefore = process.hrtime.bigint();
  const answer = await askProbe(node, 'time');
  const monoAfter = process.hrtime.bigint();
  const wallAfter = Date.now();
  return { wall: answer.wall as number, mono: BigInt(answer.mono as string), wallBefore, wallAfter, monoBefore, monoAfter };
}

/** The node's wall clock reads `offset` ms ahead of true time (1 ms slack for rounding). */
async function expectWallOffset(node: NodeInfo, offset: number) {
  const c = await readClocks(node);
  expect(c.wall).toBeGreaterThanOrEqual(c.wallBefore + offset - 1);
  expect(c.wall).toBeLessThanOrEqual(c.wallAfter + offset + 1);
  // CLOCK_MONOTONIC is one clock for the whole machine: the node's reading sits between ours.
  expect(c.mono).toBeGreaterThanOrEqual(c.monoBefore);
  expect(c.mono).toBeLessThanOrEqual(c.monoAfter);
}

describe.skipIf(!prereq.ok)('clock skew shifts a running node wall clock and leaves its monotonic clock true', () => {
  const fixture = runtimeFixture();

  it('moves n1 forward, then back, then to true time, without restarting it; n2 is untouched', async () => {
    const runtime = fixture.create({ nodes: 2 });
    const [n1, n2] = runtime.nodes;
    await Promise.all([runtime.start('n1'), runtime.start('n2')]);
    await Promise.all([waitForProbe(n1), waitForProbe(n2)]);
    const pid = runtime.pid('n1');
    await expectWallOffset(n1, 0);

    await runtime.setClockOffset('n1', 60_000);
    // The library re-reads the offset about every millisecond.
    await new Promise((r) => setTimeout(r, 20));
    await expectWallOffset(n1, 60_000);
    await expectWallOffset(n2, 0);

    await runtime.setClockOffset('n1', -30_000);
    await new Promise((r) => setTimeout(r, 20));
    await expectWallOffset(n1, -30_000);

    await runtime.resetClock('n1');
    await new Promise((r) => setTimeout(r, 20));
    await expectWallOffset(n1, 0);
    expect(runtime.pid('n1')).toBe(pid);
    expect(readFileSync(n1.logFile, 'utf8')).toMatch(/n1: clock offset \+60000 ms/);
  });

  it('an offset set while the node is down applies from its next start', async () => {
    const runtime = fixture.create({ nodes: 1 });
    const [n1] = runtime.nodes;
    await runtime.setClockOffset('n1', 5_000);
    await runtime.start('n1');
    await waitForProbe(n1);
    await expectWallOffset(n1, 5_000);
  });

  it('refuses offsets that are not finite numbers, and nodes it does not have', async () => {
    const runtime = fixture.create({ nodes: 1 });
    await expect(runtime.setClockOffset('n1', Number.NaN)).rejects.toThrow(/clock offset: NaN ms is not a finite number/);
    await expect(runtime.setClockOffset('n2', 10)).rejects.toThrow(/no node named "n2"/);
    const noSkew = fixture.create({ nodes: 1, clockSkew: false });
    await expect(noSkew.setClockOffset('n1', 10)).rejects.toThrow(/clockSkew: false/);
  });
});
