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

/** Per kind: in force or not, and for kinds that time their own faults, when to undo them. */
interface KindState {
  readonly active: boolean;
  /** The start's operation, while its completion (which starts the clock) is awaited. */
  readonly awaiting: string | undefined;
  /** When a timed fault's stop is due (ns); NaN when none is. */
  readonly stopAt: number;
}

const IDLE: KindState = { active: false, awaiting: undefined, stopAt: NaN };

/**
 * Jepsen's combined nemesis: every interval (varied by ±50%), pick a fault kind at random
 * and either start it or, when it is already in force, undo it. Kinds overlap as in Jepsen —
 * a clock jump on a leader that is then cut off is what breaks a clock-based lease — and each
 * kind alternates start and stop on its own. A kind with a `durationNs` is not undone by the
 * draw but exactly that long after its start completed (a start may wait for its moment).
 * Immutable like every generator: which kinds are in force travels in the state.
 */
class FaultMixGen implements Generator {
  constructor(
    private readonly faults: readonly SchedulableFault[],
    private readonly intervalNs: number,
    private readonly kinds: readonly KindState[],
    private readonly nextTime: number | undefined,
  ) {}

  op(ctx: GenContext): GenStep {
    const process = ctx.free[0];
    if (process === undefined) return { type: 'pending', gen: this };
    const timed = this.kinds.findIndex((k) => k.stopAt <= ctx.time);
    if (timed >= 0) {
      const template = this.faults[timed].stop!;
      return { type: 'op', op: { ...template, process, time: ctx.time }, gen: this.with(timed, IDLE, this.nextTime) };
    }
    const due = this.nextTime ?? ctx.time + this.intervalNs * (0.5 + ctx.rng.float());
    if (ctx.time < due) {
      const wakeAt = Math.min(due, ...this.kinds.map((k) => (Number.isNaN(k.stopAt) ? Infinity : k.stopAt)));
      return { type: 'pending', gen: this.nextTime === undefined ? new FaultMixGen(this.faults, this.intervalNs, this.kinds, due) : this, wakeAt };
    }
    // Timed kinds in force wait for their own stop; with none of those, this draws as it always did.
    const eligible = this.faults.flatMap((f, i) => (this.kinds[i].active && f.durationNs !== undefined ? [] : [i]));
    const following = (time: number) => time + this.intervalNs * (0.5 + ctx.rng.float());
    if (eligible.length === 0) return new FaultMixGen(this.faults, this.intervalNs, this.kinds, following(ctx.time)).op(ctx);
    const kind = eligible[ctx.rng.int(0, eligible.length - 1)];
    const fault = this.faults[kind];
    const stopping = this.kinds[kind].active && fault.stop !== null;
    const template = stopping ? fault.stop! : fault.start(ctx.rng);
    const state: KindState = fault.stop !== null && !stopping ? { active: true, awaiting: fault.durationNs !== undefined ? template.f : undefined, stopAt: NaN } : IDLE;
    return { type: 'op', op: { ...template, process, time: ctx.time }, gen: this.with(kind, state, following(ctx.time)) };
  }

  update(_ctx: GenContext, event: Op): Generator {
    if (event.process !== 'nemesis' || event.type === 'invoke') return this;
    const kind = this.kinds.findIndex((k) => k.awaiting === event.f);
    if (kind < 0) return this;
    return this.with(kind, { active: true, awaiting: undefined, stopAt: event.time + this.faults[kind].durationNs! }, this.nextTime);
  }

  private with(kind: number, state: KindState, nextTime: number | undefined): FaultMixGen {
    const kinds = this.kinds.slice();
    kinds[kind] = state;
    return new FaultMixGen(this.faults, this.intervalNs, kinds, nextTime);
  }
}

/** The fault schedule of a run: kinds drawn at random every interval, overlapping. */
export function faultSchedule(faults: readonly SchedulableFault[], intervalNs: number): Generator {
  return new FaultMixGen(faults, intervalNs, faults.map(() => IDLE), undefined);
}

/** Every kind's undo operation, once each: what runs (and is recorded) before final reads. */
export function healEverything(faults: readonly SchedulableFault[]): Generator | null {
  const stops = faults.flatMap((f) => (f.stop ? [once(f.stop)] : []));
  return stops.length ? seq(...stops) : null;
}
