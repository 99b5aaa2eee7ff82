import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Target, TargetContext } from '../core/target.js';
import { buildNemesis } from './build.js';
import type { FaultEnvironment, FaultKind } from '../core/target.js';
import type { NodeRuntime } from '../core/runtime.js';

// Targets may bring fault kinds of their own (HasFaultKinds); `--nemesis` names them next to
// the built-in ones, and their operations are routed to them.

const runtime: NodeRuntime & { pause(n: string): Promise<void>; resume(n: string): Promise<void> } = {
  kind: 'fake',
  nodes: [{ name: 'n1', host: '127.0.0.2', port: 1, dataDir: '/nonexistent', logFile: '/nonexistent.log' }],
  start: async () => undefined,
  kill: async () => undefined,
  isRunning: () => true,
  stopAll: async () => undefined,
  pause: async () => undefined,
  resume: async () => undefined,
};

function holderKind(env: FaultEnvironment): FaultKind {
  let held = false;
  return {
    name: 'hold',
    fs: ['pause', 'resume'],
    start: () => ({ f: 'pause', value: 'holder' }),
    stop: { f: 'resume', value: null },
    async apply(op) {
      held = op.f === 'pause';
      return { nodes: env.nodes.slice(0, 1), held };
    },
    async heal() {
      held = false;
    },
    active: () => (held ? ['held'] : []),
  };
}

const target = { name: 'fake', faultKinds: { hold: holderKind } } as unknown as Target;
const request = (faults: string[]) => ({
  faults,
  intervalMs: 1000,
  runtime,
  target,
  targetContext: {} as TargetContext,
  rng: new Rng(1),
  log: () => undefined,
});

describe("a target's own fault kinds", () => {
  it('are accepted by name and perform their operations', async () => {
    const nemesis = await buildNemesis(request(['hold']));
    const done = await nemesis.executor.invoke({ process: 'nemesis', f: 'pause', value: 'holder' }, new AbortController().signal);
    // What the kind returned, and what the nemesis's checks found (it acted on no node: nothing).
    expect(done).toEqual({ type: 'info', value: { nodes: ['n1'], held: true, effect: { outcome: 'nothing', checks: [] } } });
    expect(nemesis.activeFaults()).toEqual(['held']);
    await nemesis.healAll();
    expect(nemesis.activeFaults()).toEqual([]);
  });

  it('are listed among the choices when a name is unknown', async () => {
    await expect(buildNemesis(request(['nope']))).rejects.toThrow(/unknown fault kind\(s\) "nope" \(choose partition, pause, kill, clock, packet, hold/);
  });

  it('cannot run next to a kind that performs the same operation', async () => {
    const err = await buildNemesis(request(['pause', 'hold'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/"pause" and "hold" both perform "pause"/);
  });
});
