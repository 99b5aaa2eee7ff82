import type { GenContext, GenStep, Generator, OpTemplate } from '../harness/generator/index.js';
import { once, seq } from '../harness/generator/index.js';
import type { Op } from '../harness/history.js';
import type { Rng } from '../harness/rng.js';

/** The part of a fault kind a schedule needs: how to start it and how to undo it. */
export interface SchedulableFault {
  start(rng: Rng): OpTemplate;
  readonly stop: OpTemplate | null;
}

type Phase = 'rest-before-start' | 'start' | 'rest-before-stop' | 'stop';

/**
 * Jepsen's combined nemesis schedule, one fault at a time: rest, start a fault of a kind
 * drawn at random, rest, undo it, and again. Immutable, like every generator: the chosen
 * kind travels in the state so the stop always matches the start.
 */
class FaultCycleGen implements Generator {
  constructor(
    private readonly faults: readonly SchedulableFault[],
    private readonly intervalNs: number,
    private readonly phase: Phase,
    private readonly until: number | undefined,
    private readonly kind: number,
  ) {}

  op(ctx: GenContext): GenStep {
    const process = ctx.free[0];
    if (process === undefined) return { type: 'pending', gen: this };
    if (this.phase === 'rest-before-start' || this.phase === 'rest-before-stop') {
      const until = this.until ?? ctx.time + this.intervalNs;
      if (ctx.time < until) return { type: 'pending', gen: this.with(this.phase, until, this.kind), wakeAt: until };
      return this.with(this.phase === 'rest-before-start' ? 'start' : 'stop', undefined, this.kind).op(ctx);
    }
    if (this.phase === 'start') {
      const kind = ctx.rng.int(0, this.faults.length - 1);
      const template = this.faults[kind].start(ctx.rng);
      const next = this.faults[kind].stop ? this.with('rest-before-stop', undefined, kind) : this.with('rest-before-start', undefined, kind);
      return { type: 'op', op: { ...template, process, time: ctx.time }, gen: next };
    }
    const stop = this.faults[this.kind].stop!;
    return { type: 'op', op: { ...stop, process, time: ctx.time }, gen: this.with('rest-before-start', undefined, this.kind) };
  }

  update(_ctx: GenContext, _event: Op): Generator {
    return this;
  }

  private with(phase: Phase, until: number | undefined, kind: number): FaultCycleGen {
    return new FaultCycleGen(this.faults, this.intervalNs, phase, until, kind);
  }
}

export function faultCycle(faults: readonly SchedulableFault[], intervalNs: number): Generator {
  return new FaultCycleGen(faults, intervalNs, 'rest-before-start', undefined, 0);
}

/** Every kind's undo operation, once each: what runs (and is recorded) before final reads. */
export function healEverything(faults: readonly SchedulableFault[]): Generator | null {
  const stops = faults.flatMap((f) => (f.stop ? [once(f.stop)] : []));
  return stops.length ? seq(...stops) : null;
}
