import type { Op } from '../core/history.js';
import type { GenContext, GenStep, Generator, OpTemplate } from '../core/generator.js';

/**
 * Adapts a stateful source of operations (an object with its own seeded Rng, such as the
 * transaction sources) to the generator protocol. Each instance draws at most once and keeps
 * the answer, so asking again without acting on it does not consume the source.
 */
class SourceGen implements Generator {
  private drawn: OpTemplate | null | undefined;

  constructor(private readonly draw: () => OpTemplate | null) {}

  op(ctx: GenContext): GenStep {
    const process = ctx.free[0];
    if (process === undefined) return { type: 'pending', gen: this };
    if (this.drawn === undefined) this.drawn = this.draw();
    if (this.drawn === null) return null;
    return { type: 'op', op: { ...this.drawn, process, time: ctx.time }, gen: new SourceGen(this.draw) };
  }

  update(_ctx: GenContext, _event: Op): Generator {
    return this;
  }
}

export function fromSource(draw: () => OpTemplate | null): Generator {
  return new SourceGen(draw);
}
