import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimePrograms, type TimePrograms } from '../clock/test-support/time-programs.js';
import { isolate } from '../grudge.js';
import { waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

// The local runtime's checks look at what the kernel and the node's own program say, so they
// tell a fault that happened from one that did not: a link with no rule still answers, a
// program that reads the clock by itself never reports the offset.

const prereq = await faultPrerequisites();
let programs: TimePrograms | undefined;
beforeAll(async () => {
  if (prereq.ok) programs = await buildTimePrograms();
});
afterAll(() => programs?.remove());

/** The last time a time program printed, against the harness's clock. */
function lastPrinted(logFile: string): number {
  const lines = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((l) => /^[0-9]{13}$/.test(l));
  return Number(lines[lines.length - 1]);
}

describe.skipIf(!prereq.ok)('the local runtime checks each fault from outside the node', () => {
  const fixture = runtimeFixture();

  it('a cut link is verified silent from inside the sender, while the harness still gets answers; an uncut one is not verified cut', async () => {
    const runtime = fixture.create({ nodes: 3 });
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForProbe(n)));
    // No partition yet: a claim that n1 is cut off would be false, and the check says so.
    const before = await runtime.verifyLinks([{ from: 'n2', to: 'n1', cut: true }], 'partition', false);
    expect(before).toEqual([
      { fault: 'partition', undo: false, subject: 'n2→n1', outcome: 'unverified', detail: 'n1 still answers n2: the cut did not take effect' },
    ]);

    await runtime.partition(isolate(['n1', 'n2', 'n3'], 'n1'));
    const cut = await runtime.verifyLinks(
      [
        { from: 'n2', to: 'n1', cut: true },
        { from: 'n1', to: 'n3', cut: true },
        { from: 'n2', to: 'n3', cut: false },
      ],
      'partition',
      false,
    );
    expect(cut.map((c) => [c.subject, c.outcome])).toEqual([
      ['n2→n1', 'verified'],
      ['n2→n3', 'verified'],
      ['n1→n3', 'verified'],
    ]);
    expect(cut[0].detail).toBe('n1 gave n2 no answer within 500 ms, while it answered the harness');
    await runtime.heal();
    const healed = await runtime.verifyLinks([{ from: 'n2', to: 'n1', cut: false }], 'partition', true);
    expect(healed).toEqual([{ fault: 'partition', undo: true, subject: 'n2→n1', outcome: 'verified', detail: 'n1 answers n2 again' }]);
  });

  it('a pause is verified by the cgroup freezer, a kill by an empty cgroup, a restart by a live process', async () => {
    const runtime = fixture.create({ nodes: 1 });
    await runtime.start('n1');
    await waitForProbe(runtime.nodes[0]);
    expect(await runtime.verifyPaused('n1', true)).toMatchObject({ outcome: 'unverified', detail: "n1's cgroup does not report every process frozen" });
    await runtime.pause('n1');
    expect(await runtime.verifyPaused('n1', true)).toMatchObject({ outcome: 'verified', detail: 'the one process of n1 frozen (its cgroup reports frozen 1)' });
    await runtime.resume('n1');
    expect(await runtime.verifyPaused('n1', false)).toMatchObject({ outcome: 'verified' });
    expect(await runtime.verifyRunning('n1', false)).toMatchObject({ outcome: 'unverified' });
    await runtime.kill('n1');
    expect(await runtime.verifyRunning('n1', false)).toEqual({
      fault: 'kill',
      undo: false,
      subject: 'n1',
      outcome: 'verified',
      detail: 'no process of n1 is left (its cgroup is empty)',
    });
    await runtime.start('n1');
    expect(await runtime.verifyRunning('n1', true)).toMatchObject({
      undo: true,
      outcome: 'verified',
      detail: expect.stringMatching(/^n1 runs again \(pid [0-9]+\)$/),
    });
  });

  it('a clock offset is verified when the node’s program reports reading it, and not when the program reads the clock itself', async () => {
    const { viaLibc, viaSyscall, staticLibc } = programs!;
    const command = (path: string) => ({ command: path, args: [] });
    const runtime = fixture.create({
      nodes: ['libc', 'raw', 'static'],
      command: (node) => command(node.name === 'libc' ? viaLibc : node.name === 'raw' ? viaSyscall : staticLibc),
    });
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    // Before anything runs skewed, the file says what cannot be reached.
    expect(runtime.clockSkewBlocker('libc')).toBeUndefined();
    expect(runtime.clockSkewBlocker('raw')).toBeUndefined();
    expect(runtime.clockSkewBlocker('static')).toBe(`${staticLibc} is statically linked (no dynamic loader), so no preloaded library is ever loaded into it`);

    for (const node of ['libc', 'raw']) {
      const mark = runtime.clockMark(node);
      await runtime.setClockOffset(node, 60_000);
      const check = await runtime.verifyClock(node, 60_000, mark, false);
      if (node === 'libc') {
        expect(check).toMatchObject({
          outcome: 'verified',
          detail: expect.stringMatching(/^pid [0-9]+ of libc read its wall clock at \+60000 ms through the clock library$/),
        });
        expect(lastPrinted(runtime.node('libc').logFile) - Date.now()).toBeGreaterThan(55_000);
      } else {
        // Like a Go program: the offset is written, the program never sees it, and the check says so.
        expect(check).toMatchObject({
          outcome: 'unverified',
          detail: expect.stringMatching(
            /^no process of raw read its wall clock through the clock library within 3 s of the change to \+60000 ms: it did not ask for the time in that while, or it reads it without libc/,
          ),
        });
        expect(Math.abs(lastPrinted(runtime.node('raw').logFile) - Date.now())).toBeLessThan(5_000);
      }
    }
  });
});
