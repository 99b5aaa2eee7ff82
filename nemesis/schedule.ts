import type { GenContext, GenStep, Generator, OpTemplate } from '../harness/generator/index.js';
import { once, seq } from '../harness/generator/index.js';
import type { Op } from '../harness/history.js';
import type { Rng } from '../harness/rng.js';

/** The part of a fault kind a schedule needs: how to start it and how to undo it. */
export interface SchedulableFault {
  start(rng: Rng): OpTemplate;
  readonly stop: OpTemplate | null;
  /**
   * How long the fault stays before its stop, in ns, when the kind knows better than the
   * schedule's interval (a restart that must come back within a lock's TTL, a pause that must
   * outlast it). The rest before the next start stays the interval.
   */
  readonly durationNs?: number;
}

/**
 * Jepsen's combined nemesis: every interval (varied by ±50%), pick a fault kind at random
 * and either start it or, when it is already in force, undo it. Kinds overlap as in Jepsen —
 * a clock jump on a leader that is then cut off is what breaks a clock-based lease — and each
 * kind alternates start and stop on its own. Immutable like every generator: which kinds are
 * in force travels in the state.
 */
class FaultMixGen implements Generator {
  constructor(
    private readonly faults: readonly SchedulableFault[],
    private readonly intervalNs: number,
    private readonly active: readonly boolean[],
    private readonly nextTime: number | undefined,
  ) {}

  op(ctx: GenContext): GenStep {
    const process = ctx.free[0];
    if (process === undefined) return { type: 'pending', gen: this };
    const due = this.nextTime ?? ctx.time + this.intervalNs * (0.5 + ctx.rng.float());
    if (ctx.time < due) return { type: 'pending', gen: this.nextTime === undefined ? new FaultMixGen(this.faults, this.intervalNs, this.active, due) : this, wakeAt: due };
    const kind = ctx.rng.int(0, this.faults.length - 1);
    const fault = this.faults[kind];
    const stopping = this.active[kind] && fault.stop !== null;
    const template = stopping ? fault.stop! : fault.start(ctx.rng);
    const active = this.active.slice();
    active[kind] = fault.stop !== null && !stopping;
    const following = ctx.time + this.intervalNs * (0.5 + ctx.rng.float());
    return { type: 'op', op: { ...template, process, time: ctx.time }, gen: new FaultMixGen(this.faults, this.intervalNs, active, following) };
  }

  update(_ctx: GenContext, _event: Op): Generator {
    return this;
  }
}

/** The fault schedule of a run: kinds drawn at random every interval, overlapping. */
export function faultSchedule(faults: readonly SchedulableFault[], intervalNs: number): Generator {
  return new FaultMixGen(faults, intervalNs, faults.map(() => false), undefined);
}

/** Every kind's undo operation, once each: what runs (and is recorded) before final reads. */
export function healEverything(faults: readonly SchedulableFault[]): Generator | null {
  const stops = faults.flatMap((f) => (f.stop ? [once(f.stop)] : []));
  return stops.length ? seq(...stops) : null;
}
