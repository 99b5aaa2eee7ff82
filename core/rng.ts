import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The one source of randomness in a run. Seeded from test.json, so the same seed replays
 * the same schedule of operations and faults.
 */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(
    readonly seed: number,
    state?: RandomGenerator,
  ) {
    this.gen = state ?? xoroshiro128plus(seed | 0);
  }

  /** An independent copy at the same position: draws from one do not move the other. */
  clone(): Rng {
    return new Rng(this.seed, this.gen.clone());
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  bool(probability = 0.5): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: nothing to pick from');
    return items[this.int(0, items.length - 1)];
  }

  /** A new array in random order; the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Exponentially distributed delay with the given mean, for Poisson-like arrivals. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** An independent stream derived from this one, so adding draws in one place does not shift another. */
  fork(): Rng {
    return new Rng(this.int(-0x80000000, 0x7fffffff));
  }
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
