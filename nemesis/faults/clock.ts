import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Invocation } from '../../core/target.js';
import { selectNodes, type NodeSpec } from '../node-selection.js';
import { isClockSkewable, type ClockSkewable } from '../../core/runtime.js';
import { skewableNodes } from './clock-reach.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';

const CLOCK_TARGETS: readonly NodeSpec[] = ['one', 'minority', 'primary', 'all'];

export interface BumpClock {
  targets: NodeSpec;
  /** Offset from true time, in ms (negative: the clock runs behind). */
  ms: number;
  /**
   * Each chosen node after the first draws an offset of its own, as Jepsen's bump-gen does, so
   * that the nodes disagree with each other and not only with true time. Absent: all get `ms`.
   */
  each?: boolean;
}

export interface StrobeClock {
  targets: NodeSpec;
  /** The clock flips between true time and true time + deltaMs … */
  deltaMs: number;
  /** … every periodMs … */
  periodMs: number;
  /** … for this long, then returns to true time. */
  durationMs: number;
}

/** Offsets of a few hundred ms to about a minute either way: leases are usually seconds. */
function drawOffset(rng: Rng): number {
  const magnitude = 2 ** rng.int(7, 16);
  return rng.bool() ? magnitude : -magnitude;
}

/** Wall-clock skew on chosen nodes; monotonic clocks stay true and the host clock is never touched. */
export function clockFault(env: FaultEnvironment): FaultKind {
  if (!isClockSkewable(env.runtime)) throw new ConfigError('nemesis', `the ${env.runtime.kind} runtime cannot skew clocks`);
  const runtime: ClockSkewable = env.runtime;
  // Only nodes whose program the clock library reaches are skewed; the others are named up front.
  const skewable = skewableNodes(env, 'clock');
  const offsets = new Map<string, number>();

  async function setOffset(node: string, ms: number): Promise<void> {
    await runtime.setClockOffset(node, ms);
    if (ms === 0) offsets.delete(node);
    else offsets.set(node, ms);
  }

  async function resetAll(): Promise<string[]> {
    const nodes = [...offsets.keys()];
    for (const node of nodes) {
      await runtime.resetClock(node);
      offsets.delete(node);
    }
    return nodes;
  }

  async function strobe(nodes: string[], spec: StrobeClock, signal: AbortSignal): Promise<number> {
    let flips = 0;
    const until = Date.now() + Math.min(spec.durationMs, 60_000);
    while (Date.now() < until && !signal.aborted) {
      for (const node of nodes) await setOffset(node, flips % 2 === 0 ? spec.deltaMs : 0);
      flips++;
      await sleep(Math.max(1, spec.periodMs));
    }
    for (const node of nodes) await setOffset(node, 0);
    return flips;
  }

  return {
    name: 'clock',
    fs: ['bump-clock', 'strobe-clock', 'reset-clock'],
    start(rng) {
      const targets = rng.pick(CLOCK_TARGETS);
      if (rng.bool(0.25)) {
        const strobeSpec: StrobeClock = { targets, deltaMs: drawOffset(rng), periodMs: 2 ** rng.int(3, 8), durationMs: 2 ** rng.int(10, 13) };
        return { f: 'strobe-clock', value: strobeSpec };
      }
      const bump: BumpClock = { targets, ms: drawOffset(rng), each: true };
      return { f: 'bump-clock', value: bump };
    },
    stop: { f: 'reset-clock', value: 'all' },
    async apply(op: Invocation, signal: AbortSignal) {
      if (op.f === 'reset-clock') return { nodes: await resetAll() };
      const spec = op.value as BumpClock | StrobeClock;
      const nodes = selectNodes(spec.targets, skewable, env.rng, await env.primary());
      if (op.f === 'strobe-clock') {
        const flips = await strobe(nodes, spec as StrobeClock, signal);
        return { nodes, flips };
      }
      const bump = spec as BumpClock;
      const offsets = nodes.map((node, i) => [node, i === 0 || !bump.each ? bump.ms : drawOffset(env.rng)] as const);
      for (const [node, ms] of offsets) await setOffset(node, ms);
      return { offsets: Object.fromEntries(offsets) };
    },
    async heal() {
      await resetAll();
    },
    active: () => [...offsets].map(([node, ms]) => `clock ${node} ${ms > 0 ? '+' : ''}${ms}ms`),
  };
}
