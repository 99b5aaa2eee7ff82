import type { Op } from '../core/history.js';
import { gen } from './basic.js';
import type { GenContext, GenLike, GenStep, Generator } from '../core/generator.js';

// Combinators that decide *when*: times are nanoseconds on the run's monotonic clock.

function retime(step: GenStep, time: number, wrap: (g: Generator | null) => Generator | null): GenStep {
  if (step === null) return null;
  if (step.type === 'pending') return { ...step, gen: wrap(step.gen) ?? step.gen };
  return { type: 'op', op: { ...step.op, time: Math.max(step.op.time, time) }, gen: wrap(step.gen) };
}

const MAX_BACKLOG_NS = 20_000_000;

/** How far apart operations go: the next gap, and how much lateness may be caught up. */
interface Spacing {
  gap(ctx: GenContext): number;
  backlogNs: number;
}

/**
 * Spaces the inner generator's operations. Timers fire late; counting the next gap from the
 * planned time (up to a backlog) keeps the rate what was asked for instead of losing the
 * lateness every time, while a long stall (every worker busy) is forgiven rather than
 * released as a burst.
 */
class SpacedGen implements Generator {
  constructor(
    private readonly spacing: Spacing,
    private readonly inner: Generator,
    private readonly nextTime: number | undefined,
  ) {}

  op(ctx: GenContext): GenStep {
    const step = this.inner.op(ctx);
    if (step === null || step.type === 'pending') return retime(step, 0, (g) => (g ? new SpacedGen(this.spacing, g, this.nextTime) : null));
    const planned = this.nextTime ?? ctx.time;
    const at = Math.max(step.op.time, planned);
    const following = Math.max(planned, ctx.time - this.spacing.backlogNs) + this.spacing.gap(ctx);
    return retime(step, at, (g) => (g ? new SpacedGen(this.spacing, g, following) : null));
  }

  update(ctx: GenContext, event: Op): Generator {
    const inner = this.inner.update(ctx, event);
    return inner === this.inner ? this : new SpacedGen(this.spacing, inner, this.nextTime);
  }
}

/**
 * Random gaps averaging `meanNs` between successive operations (uniform in [0, 2·mean)),
 * across all processes: Jepsen's stagger, i.e. a total rate of 1/mean.
 */
export function stagger(meanNs: number, g: GenLike): Generator {
  const spacing: Spacing = { gap: (ctx) => ctx.rng.float() * 2 * meanNs, backlogNs: Math.max(4 * meanNs, MAX_BACKLOG_NS) };
  return new SpacedGen(spacing, gen(g), undefined);
}

/** Operations exactly `intervalNs` apart (Jepsen's delay); a late one does not shorten the next gap. */
export function delay(intervalNs: number, g: GenLike): Generator {
  return new SpacedGen({ gap: () => intervalNs, backlogNs: 0 }, gen(g), undefined);
}

/** Emits nothing for `durationNs` from the first time it is asked, then is done. */
class SleepGen implements Generator {
  constructor(
    private readonly durationNs: number,
    private readonly until: number | undefined,
  ) {}

  op(ctx: GenContext): GenStep {
    const until = this.until ?? ctx.time + this.durationNs;
    if (ctx.time >= until) return null;
    return { type: 'pending', gen: new SleepGen(this.durationNs, until), wakeAt: until };
  }

  update(): Generator {
    return this;
  }
}

export function sleep(durationNs: number): Generator {
  return new SleepGen(durationNs, undefined);
}

/** Stops the inner generator `limitNs` after it is first asked for an operation. */
class TimeLimitGen implements Generator {
  constructor(
    private readonly limitNs: number,
    private readonly inner: Generator,
    private readonly deadline: number | undefined,
  ) {}

  op(ctx: GenContext): GenStep {
    const deadline = this.deadline ?? ctx.time + this.limitNs;
    if (ctx.time >= deadline) return null;
    const step = this.inner.op(ctx);
    if (step === null) return null;
    const wrap = (g: Generator | null) => (g ? new TimeLimitGen(this.limitNs, g, deadline) : null);
    if (step.type === 'pending') {
      const wakeAt = Math.min(step.wakeAt ?? deadline, deadline);
      return { type: 'pending', gen: wrap(step.gen) ?? step.gen, wakeAt };
    }
    if (step.op.time >= deadline) return null;
    return { type: 'op', op: step.op, gen: wrap(step.gen) };
  }

  update(ctx: GenContext, event: Op): Generator {
    const inner = this.inner.update(ctx, event);
    return inner === this.inner ? this : new TimeLimitGen(this.limitNs, inner, this.deadline);
  }
}

export function timeLimit(limitNs: number, g: GenLike): Generator {
  return new TimeLimitGen(limitNs, gen(g), undefined);
}

export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;
