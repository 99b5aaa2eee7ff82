import { Rng } from '../../core/rng.js';
import type { Completion, Target, TargetContext } from '../../core/target.js';
import { buildNemesis } from '../build.js';
import type { NemesisPackage } from '../package.js';
import type { NodeRuntime } from '../../core/runtime.js';
import type { FaultEffect } from '../verify/effects.js';

// The nemesis a run would build, on a runtime a test made itself (servers we did not write, set
// up by hand), so a test performs fault operations exactly as a run performs them — through the
// fault kinds and the verifying runtime — and reads back what each recorded.

export interface TestNemesis {
  nemesis: NemesisPackage;
  /** Performs one operation; returns its completion and the effect it recorded. */
  perform(f: string, value: unknown): Promise<Completion & { effect: FaultEffect }>;
}

export async function nemesisOn(runtime: NodeRuntime, faults: string[], options: { packet?: { loss?: number; delayMs?: number } } = {}): Promise<TestNemesis> {
  const target = { name: 'by-hand' } as unknown as Target;
  const nemesis = await buildNemesis({
    faults,
    intervalMs: 1000,
    runtime,
    target,
    targetContext: {} as TargetContext,
    rng: new Rng(1),
    log: () => undefined,
    packet: options.packet,
  });
  const abort = new AbortController();
  return {
    nemesis,
    async perform(f, value) {
      const completion = await nemesis.executor.invoke({ process: 'nemesis', f, value }, abort.signal);
      const effect = (completion.value as { effect?: FaultEffect } | undefined)?.effect;
      if (!effect) throw new Error(`${f} recorded no effect: ${JSON.stringify(completion)}`);
      return { ...completion, effect };
    },
  };
}
