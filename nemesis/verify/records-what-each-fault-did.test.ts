import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { FaultKindFactory, Target, TargetContext } from '../../core/target.js';
import { buildNemesis } from '../build.js';
import { RecordingRuntime } from '../faults/test-support/index.js';
import type { NemesisPackage } from '../package.js';
import type { ClockSkewable, FaultCheck, FaultVerifying, LinkExpectation } from '../../core/runtime.js';

// The nemesis checks every fault a kind applies and records what it found in the operation's
// value (value.effect), whatever kind applied it; the tally per kind is what results.json, the
// terminal and the report show. Here the runtime's checks are scripted, so the bookkeeping is
// tested without processes (the real checks are tested against real servers elsewhere).

const abort = new AbortController().signal;
const target = { name: 'fake' } as unknown as Target;

/** A recording runtime whose checks say what the test wants; node "n3" runs a Go program. */
class CheckedRuntime extends RecordingRuntime implements FaultVerifying {
  cutsHold = true;
  async verifyLinks(links: readonly LinkExpectation[], fault: 'partition' | 'packet', undo: boolean): Promise<FaultCheck[]> {
    return links.map((l) => ({ fault, undo, subject: `${l.from}→${l.to}`, outcome: !l.cut || this.cutsHold ? 'verified' : 'unverified', detail: 'scripted' }));
  }
  async verifyPaused(node: string, paused: boolean): Promise<FaultCheck> {
    return { fault: 'pause', undo: !paused, subject: node, outcome: 'verified', detail: 'scripted' };
  }
  async verifyRunning(node: string, running: boolean): Promise<FaultCheck> {
    return { fault: 'kill', undo: running, subject: node, outcome: 'verified', detail: 'scripted' };
  }
  clockSkewBlocker(node: string): string | undefined {
    return node === 'n3' ? '/bin/n3 is a Go program' : undefined;
  }
  clockMark(): number {
    return 0;
  }
  async verifyClock(node: string, ms: number, _mark: number, undo: boolean): Promise<FaultCheck> {
    return { fault: 'clock', undo, subject: node, outcome: 'verified', detail: `saw ${ms}` };
  }
  async verifyLoss(): Promise<FaultCheck[]> {
    return [];
  }
}

async function nemesisOn(runtime: RecordingRuntime, faults: string[]): Promise<NemesisPackage> {
  return buildNemesis({ faults, intervalMs: 1000, runtime, target, targetContext: {} as TargetContext, rng: new Rng(3), log: () => undefined });
}

async function perform(nemesis: NemesisPackage, f: string, value: unknown) {
  return nemesis.executor.invoke({ process: 'nemesis', f, value }, abort);
}

describe('every nemesis operation records what it applied and what the checks found', () => {
  it('a partition and its heal: each cut link checked, then each healed one', async () => {
    const runtime = new CheckedRuntime(['n1', 'n2', 'n3']);
    const nemesis = await nemesisOn(runtime, ['partition']);
    const cut = await perform(nemesis, 'start-partition', { n1: ['n2'], n2: ['n1'], n3: [] });
    expect(cut.value).toMatchObject({ topology: 'explicit', effect: { outcome: 'verified' } });
    const checks = (cut.value as { effect: { checks: FaultCheck[] } }).effect.checks;
    expect(checks.map((c) => c.subject).sort()).toEqual(['n1→n2', 'n2→n1']);
    const healed = await perform(nemesis, 'stop-partition', null);
    expect(healed.value).toMatchObject({ result: 'network healed', effect: { outcome: 'verified', checks: [{ undo: true }, { undo: true }] } });
    expect(nemesis.effects().kinds.partition).toMatchObject({ faults: 1, applied: 1, verified: 1, notApplied: 0, undos: 1, undosVerified: 1 });
    expect(nemesis.effects().neverTookEffect).toEqual([]);
  });

  it('a cut the checks do not see is recorded as applied but not verified, with why', async () => {
    const runtime = new CheckedRuntime(['n1', 'n2']);
    runtime.cutsHold = false;
    const nemesis = await nemesisOn(runtime, ['partition']);
    const cut = await perform(nemesis, 'start-partition', { n1: ['n2'] });
    expect(cut.value).toMatchObject({ effect: { outcome: 'unverified' } });
    expect(nemesis.effects().kinds.partition).toMatchObject({ applied: 1, verified: 0, unverifiedWhy: [{ why: 'scripted', subjects: ['n2→n1'] }] });
  });

  it('clock skew is never written for a node the clock library cannot reach; it is named up front and recorded as not applied', async () => {
    const runtime = new CheckedRuntime(['n1', 'n2', 'n3']);
    const nemesis = await nemesisOn(runtime, ['clock']);
    expect(nemesis.notices).toEqual(['n3: clock skew not applied: /bin/n3 is a Go program']);
    const bump = await perform(nemesis, 'bump-clock', { targets: 'all', ms: 5000 });
    // The kind aims only at the nodes it can reach…
    expect(Object.keys((bump.value as { offsets: object }).offsets)).toEqual(['n1', 'n2']);
    expect(runtime.events).toEqual(['clock n1 5000', 'clock n2 5000']);
    expect(bump.value).toMatchObject({ effect: { outcome: 'verified' } });
    expect(nemesis.effects().kinds.clock.excluded).toEqual([{ node: 'n3', why: 'clock skew not applied: /bin/n3 is a Go program' }]);
  });

  it('…and a kind that aims at such a node anyway (a target\'s own) gets "not applied" for it, never a skew', async () => {
    const runtime = new CheckedRuntime(['n1', 'n2', 'n3']);
    const jumpAll: FaultKindFactory = (env) => ({
      name: 'jump',
      fs: ['jump'],
      start: () => ({ f: 'jump', value: null }),
      stop: null,
      async apply() {
        for (const node of env.nodes) await (env.runtime as unknown as ClockSkewable).setClockOffset(node, 1000);
        return { nodes: env.nodes };
      },
      heal: async () => undefined,
      active: () => [],
    });
    const withJump = { name: 'fake', faultKinds: { jump: jumpAll } } as unknown as Target;
    const nemesis = await buildNemesis({
      faults: ['jump'],
      intervalMs: 1000,
      runtime,
      target: withJump,
      targetContext: {} as TargetContext,
      rng: new Rng(3),
      log: () => undefined,
    });
    const jump = await perform(nemesis, 'jump', null);
    expect(runtime.events).toEqual(['clock n1 1000', 'clock n2 1000']);
    expect(jump.value).toMatchObject({ effect: { outcome: 'partly-applied' } });
    expect((jump.value as { effect: { checks: FaultCheck[] } }).effect.checks.find((c) => c.subject === 'n3')).toEqual({
      fault: 'clock',
      undo: false,
      subject: 'n3',
      outcome: 'not-applied',
      detail: 'clock skew not applied: /bin/n3 is a Go program',
    });
    expect(nemesis.effects().kinds.jump).toMatchObject({ faults: 1, applied: 1, verified: 1, notAppliedWhy: [{ subjects: ['n3'] }] });
  });

  it('refuses --nemesis clock up front when no node can be skewed', async () => {
    const runtime = new CheckedRuntime(['n3']);
    await expect(nemesisOn(runtime, ['clock'])).rejects.toThrow(ConfigError);
    await expect(nemesisOn(runtime, ['clock'])).rejects.toThrow(/clock: clock skew cannot reach any node of this target: n3: \/bin\/n3 is a Go program/);
  });

  it('a runtime that cannot check says so: unverified, never verified', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2']);
    const nemesis = await nemesisOn(runtime, ['pause', 'kill']);
    const paused = await perform(nemesis, 'pause', ['n1']);
    expect(paused.value).toMatchObject({
      nodes: ['n1'],
      effect: { outcome: 'unverified', checks: [{ detail: "the recording runtime cannot check this fault's effect" }] },
    });
    const effects = nemesis.effects();
    expect(effects.kinds.pause).toMatchObject({ faults: 1, applied: 1, verified: 0 });
    // kill was asked for and never started: the run did not test it.
    expect(effects.neverTookEffect).toEqual([{ kind: 'kill', why: 'no fault of this kind was started during the run' }]);
  });

  it('a fault with nothing to act on, or one that throws, counts as not applied, with why', async () => {
    const runtime = new CheckedRuntime(['n1', 'n2']);
    const nemesis = await nemesisOn(runtime, ['kill']);
    await runtime.kill('n1');
    runtime.events.length = 0;
    const none = await perform(nemesis, 'kill', ['n1']);
    expect(none.value).toMatchObject({ nodes: ['n1'], effect: { outcome: 'nothing', checks: [] } });
    expect(nemesis.effects().kinds.kill).toMatchObject({ faults: 1, applied: 0, notApplied: 1 });
    expect(nemesis.effects().neverTookEffect[0]).toMatchObject({
      kind: 'kill',
      why: expect.stringMatching(/^none of its 1 faults took effect: nothing to act on/),
    });
  });
});
