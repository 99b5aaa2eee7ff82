import type { GenContext, GenStep, Generator, OpTemplate } from '../generators/index.js';
import { once, seq } from '../generators/index.js';
import type { Op, ProcessId } from '../core/history.js';
import type { Rng } from '../core/rng.js';
import type { FaultSteps } from '../core/target.js';

export type { FaultSteps };

/** The part of a fault kind a schedule needs: how to start it and how to undo it. */
export interface SchedulableFault {
  start(rng: Rng): FaultSteps;
  readonly stop: FaultSteps | null;
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
  /** The start's last operation, while its completion (which starts the clock) is awaited. */
  readonly awaiting: string | undefined;
  /** When a timed fault's stop is due (ns); NaN when none is. */
  readonly stopAt: number;
  /** Steps of a script still to perform, in order. */
  readonly queue: readonly OpTemplate[];
}

const IDLE: KindState = { active: false, awaiting: undefined, stopAt: NaN, queue: [] };

export function stepsOf(steps: FaultSteps): OpTemplate[] {
  return Array.isArray(steps) ? [...(steps as readonly OpTemplate[])] : [steps as OpTemplate];
}

/**
 * Jepsen's combined nemesis: every interval (varied by ±50%), pick a fault kind at random
 * and either start it or, when it is already in force, undo it. The first round starts each
 * kind once, in a seeded random order, undoing each before the next starts: a short run (the
 * default is 20 s at 3 s intervals, room for about six draws) then tries every kind it was asked
 * for, each on a cluster the others left alone, instead of leaving one to chance. After that, kinds overlap as in Jepsen —
 * a clock jump on a leader that is then cut off is what breaks a clock-based lease — and each
 * kind alternates start and stop on its own. A kind with a `durationNs` is not undone by the
 * draw but exactly that long after its start completed (a start may wait for its moment).
 * A script runs to its end before anything else is drawn, and the next interval counts from
 * its end, so a scenario's last state lasts as long as a single fault would.
 * Immutable like every generator: which kinds are in force travels in the state.
 */
class FaultMixGen implements Generator {
  constructor(
    private readonly faults: readonly SchedulableFault[],
    private readonly intervalNs: number,
    private readonly kinds: readonly KindState[],
    private readonly nextTime: number | undefined,
    /** Kinds not started yet, in the order they will be; undefined until the first draw shuffles them. */
    private readonly unstarted: readonly number[] | undefined = undefined,
  ) {}

  op(ctx: GenContext): GenStep {
    const process = ctx.free[0];
    if (process === undefined) return { type: 'pending', gen: this };
    const scripted = this.kinds.findIndex((k) => k.queue.length > 0);
    if (scripted >= 0) {
      const [step, ...rest] = this.kinds[scripted].queue;
      return this.emit(ctx, process, scripted, step, { ...this.kinds[scripted], queue: rest }, undefined);
    }
    const timed = this.kinds.findIndex((k) => k.stopAt <= ctx.time);
    if (timed >= 0) return this.begin(ctx, process, timed, this.faults[timed].stop!, IDLE, this.nextTime);
    const due = this.nextTime ?? ctx.time + this.intervalNs * (0.5 + ctx.rng.float());
    if (ctx.time < due) {
      const wakeAt = Math.min(due, ...this.kinds.map((k) => (Number.isNaN(k.stopAt) ? Infinity : k.stopAt)));
      return {
        type: 'pending',
        gen: this.nextTime === undefined ? new FaultMixGen(this.faults, this.intervalNs, this.kinds, due, this.unstarted) : this,
        wakeAt,
      };
    }
    // Timed kinds in force wait for their own stop; with none of those, this draws as it always did.
    const eligible = this.faults.flatMap((f, i) => (this.kinds[i].active && f.durationNs !== undefined ? [] : [i]));
    const following = (time: number) => time + this.intervalNs * (0.5 + ctx.rng.float());
    if (eligible.length === 0) return new FaultMixGen(this.faults, this.intervalNs, this.kinds, following(ctx.time), this.unstarted).op(ctx);
    const unstarted = this.unstarted ?? ctx.rng.shuffle(this.faults.map((_, i) => i));
    const fresh = unstarted.find((i) => !this.kinds[i].active && eligible.includes(i));
    // In the first round a kind in force is undone before the next is started: a kill of every
    // node would otherwise leave the pause after it nothing to act on for the rest of a short run.
    const inForce = fresh === undefined ? -1 : (eligible.find((i) => this.kinds[i].active && this.faults[i].stop !== null) ?? -1);
    const kind = inForce >= 0 ? inForce : (fresh ?? eligible[ctx.rng.int(0, eligible.length - 1)]);
    const gen = new FaultMixGen(
      this.faults,
      this.intervalNs,
      this.kinds,
      this.nextTime,
      unstarted.filter((i) => i !== kind),
    );
    const fault = this.faults[kind];
    const stopping = this.kinds[kind].active && fault.stop !== null;
    const steps = stopping ? fault.stop! : fault.start(ctx.rng);
    const state: KindState = fault.stop !== null && !stopping ? { active: true, awaiting: undefined, stopAt: NaN, queue: [] } : IDLE;
    return gen.begin(ctx, process, kind, steps, state, following(ctx.time));
  }

  update(_ctx: GenContext, event: Op): Generator {
    if (event.process !== 'nemesis' || event.type === 'invoke') return this;
    const kind = this.kinds.findIndex((k) => k.awaiting === event.f);
    if (kind < 0) return this;
    const state = this.kinds[kind];
    return this.with(kind, { ...state, awaiting: undefined, stopAt: event.time + this.faults[kind].durationNs! }, this.nextTime);
  }

  /** The first step of a start or stop; a script's other steps wait in the kind's queue. */
  private begin(ctx: GenContext, process: ProcessId, kind: number, steps: FaultSteps, state: KindState, nextTime: number | undefined): GenStep {
    const [first, ...rest] = stepsOf(steps);
    // A script's interval is drawn once its last step is done (nextTime left open till then).
    return this.emit(ctx, process, kind, first, { ...state, queue: rest }, rest.length > 0 ? undefined : nextTime);
  }

  private emit(ctx: GenContext, process: ProcessId, kind: number, step: OpTemplate, state: KindState, nextTime: number | undefined): GenStep {
    const starting = state.active && Number.isNaN(state.stopAt) && state.queue.length === 0;
    // A timed kind's clock starts when the last step of its start has completed.
    const next = starting && this.faults[kind].durationNs !== undefined ? { ...state, awaiting: step.f } : state;
    return { type: 'op', op: { ...step, process, time: ctx.time }, gen: this.with(kind, next, nextTime) };
  }

  private with(kind: number, state: KindState, nextTime: number | undefined): FaultMixGen {
    const kinds = this.kinds.slice();
    kinds[kind] = state;
    return new FaultMixGen(this.faults, this.intervalNs, kinds, nextTime, this.unstarted);
  }
}

/** The fault schedule of a run: kinds drawn at random every interval, overlapping. */
export function faultSchedule(faults: readonly SchedulableFault[], intervalNs: number): Generator {
  return new FaultMixGen(
    faults,
    intervalNs,
    faults.map(() => IDLE),
    undefined,
  );
}

/** Every step of every kind's undo, once each: what runs (and is recorded) before final reads. */
export function healEverything(faults: readonly SchedulableFault[]): Generator | null {
  const stops = faults.flatMap((f) => (f.stop ? stepsOf(f.stop).map((step) => once(step)) : []));
  return stops.length ? seq(...stops) : null;
}
