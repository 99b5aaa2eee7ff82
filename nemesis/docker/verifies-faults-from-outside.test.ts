import { describe, expect, it } from 'vitest';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, waitForNode } from './test-support/probe.js';

// The Docker runtime checks each fault from outside the containers, as the local runtime does, and
// through the engine's API only: knocks from inside the sending node's namespace (run in its
// holder, with the harness's knock as control), the engine's account of a paused or killed
// container, and the clock library's own record read through the holder. Every kind is applied
// here the way a run applies it, through the nemesis.

const prereq = await dockerPrerequisites();

describe.skipIf(!prereq.ok)('the Docker runtime verifies every fault it applies', () => {
  const fixture = dockerFixture();

  it('partition, packet loss, pause, kill and clock: each applied and verified, each undo too', async () => {
    const runtime = await fixture.create({ nodes: 3 });
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForNode(n)));
    const { nemesis, perform } = await nemesisOn(runtime, ['partition', 'packet', 'pause', 'kill', 'clock'], { packet: { loss: 0.5 } });
    // An idle probe never reads its wall clock, so nothing could see a skew; ask n1 the time
    // now and then, as a server's own timers would.
    let asking = true;
    const asker = (async () => {
      while (asking) {
        await askNode(runtime.nodes[0], 'time', 500).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const steps: [string, unknown][] = [
      ['start-partition', { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] }],
      ['stop-partition', null],
      ['start-packet', { targets: ['n2'], behaviour: { loss: 0.5 } }],
      ['stop-packet', null],
      ['pause', ['n3']],
      ['resume', 'all'],
      ['bump-clock', { targets: ['n1'], ms: 120_000 }],
      ['reset-clock', 'all'],
      ['kill', ['n2']],
      ['start', 'all'],
    ];
    for (const [f, value] of steps) {
      const done = await perform(f, value);
      expect(done.effect.outcome, `${f}: ${JSON.stringify(done.effect)}`).toBe('verified');
      expect(done.error).toBeUndefined();
    }
    asking = false;
    await asker;
    for (const [kind, e] of Object.entries(nemesis.effects().kinds)) {
      expect(e, kind).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
    }
  }, 180_000);

  it('a killed node keeps its namespace in its holder: a cut made while it is down is verified from there, an intact link never claimed cut', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await runtime.kill('n2');
    // Nothing is cut: whatever is claimed, the knocks from n2's namespace (its holder) get their answers.
    const claimed = await runtime.verifyLinks(
      [
        { from: 'n2', to: 'n1', cut: true },
        { from: 'n1', to: 'n2', cut: true },
      ],
      'partition',
      false,
    );
    expect(claimed.map((c) => [c.outcome, c.detail])).toEqual([
      ['unverified', 'n1 still answers n2: the cut did not take effect'],
      ['unverified', 'n2 still answers n1: the cut did not take effect'],
    ]);
    const { perform } = await nemesisOn(runtime, ['partition']);
    const cut = await perform('start-partition', { n1: ['n2'], n2: ['n1'] });
    expect(cut.effect.outcome, JSON.stringify(cut.effect)).toBe('verified');
    // The cut stays in force across n2's restart: its namespace was never replaced.
    await runtime.start('n2');
    const after = await runtime.verifyLinks(
      [
        { from: 'n2', to: 'n1', cut: true },
        { from: 'n1', to: 'n2', cut: true },
      ],
      'partition',
      false,
    );
    expect(after.map((c) => c.outcome)).toEqual(['verified', 'verified']);
    const healed = await perform('stop-partition', null);
    expect(healed.effect.outcome, JSON.stringify(healed.effect)).toBe('verified');
  }, 120_000);

  it('packet delay is judged by the engine kernel, with tc run in a holder: refused here, where the kernel has no netem', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    const problem = await runtime.packetProblem({ delayMs: 50 });
    // tc ran in the holder (it is in the holder image) and the kernel refused netem.
    expect(problem).toMatch(/^packet delay needs netem and this kernel has no netem queueing discipline \(tc says: .+\); netem is the only mechanism/);
    await expect(runtime.shapePackets({ n1: { delayMs: 50 } })).rejects.toThrow(/^nemesis\/docker: packet delay needs netem/);
  }, 120_000);
});
