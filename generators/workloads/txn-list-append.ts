import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

// Transactions for Elle-style checking, as pure seeded sources: no I/O, no clocks. The
// caller draws one transaction at a time and decides when to issue it.

export interface TxnSourceOptions {
  /** Keys in play at any moment (default 10). */
  keyCount?: number;
  /** Micro-ops per transaction, both bounds included (defaults 1 and 4). */
  minTxnLength?: number;
  maxTxnLength?: number;
  /** Writes a key receives before it retires and a fresh key takes its place (default 32). */
  maxWritesPerKey?: number;
  /** Chance that a micro-op is a read rather than a write (default 0.5). */
  readFraction?: number;
  /**
   * How a micro-op picks among the keys in play: `uniform`, or `exponential` (default),
   * where each key is half as likely as the one before it, so a few keys stay hot and
   * transactions collide, as Elle's generators arrange.
   */
  keyDistribution?: 'uniform' | 'exponential';
}

export type ListAppendMicroOp = ['r', number, null] | ['append', number, number];

type ResolvedOptions = Required<TxnSourceOptions>;

export function resolveTxnSourceOptions(options: TxnSourceOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    keyCount: options.keyCount ?? 10,
    minTxnLength: options.minTxnLength ?? 1,
    maxTxnLength: options.maxTxnLength ?? 4,
    maxWritesPerKey: options.maxWritesPerKey ?? 32,
    readFraction: options.readFraction ?? 0.5,
    keyDistribution: options.keyDistribution ?? 'exponential',
  };
  const positive = (field: keyof ResolvedOptions) => {
    const v = o[field] as number;
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(field, `must be a whole number of at least 1, got ${JSON.stringify(v)}`);
  };
  positive('keyCount');
  positive('minTxnLength');
  positive('maxTxnLength');
  positive('maxWritesPerKey');
  if (o.maxTxnLength < o.minTxnLength) throw new ConfigError('maxTxnLength', `must be at least minTxnLength (${o.minTxnLength}), got ${o.maxTxnLength}`);
  if (!(o.readFraction >= 0 && o.readFraction <= 1)) throw new ConfigError('readFraction', `must be between 0 and 1, got ${JSON.stringify(o.readFraction)}`);
  if (o.keyDistribution !== 'uniform' && o.keyDistribution !== 'exponential') {
    throw new ConfigError('keyDistribution', `must be "uniform" or "exponential", got ${JSON.stringify(o.keyDistribution)}`);
  }
  return o;
}

/**
 * Reads and writes over a rotating pool of integer keys. Each write gets the next value of
 * its key's counter (1, 2, 3, …), so written values are unique per key; once a key has had
 * maxWritesPerKey writes it is replaced by a fresh key, which keeps lists short and reads
 * cheap however long the run.
 */
export class TxnMix {
  readonly options: ResolvedOptions;
  private readonly active: number[];
  private readonly written = new Map<number, number>();
  private nextKey: number;

  constructor(
    private readonly rng: Rng,
    options: TxnSourceOptions = {},
  ) {
    this.options = resolveTxnSourceOptions(options);
    this.active = Array.from({ length: this.options.keyCount }, (_, i) => i);
    this.nextKey = this.options.keyCount;
  }

  /** The next transaction as [isRead, key, value] triples (value null for reads). */
  nextTriples(): [boolean, number, number | null][] {
    const { minTxnLength, maxTxnLength, readFraction, maxWritesPerKey } = this.options;
    const length = this.rng.int(minTxnLength, maxTxnLength);
    const out: [boolean, number, number | null][] = [];
    for (let i = 0; i < length; i++) {
      const slot = this.pickSlot();
      const key = this.active[slot];
      if (this.rng.float() < readFraction) {
        out.push([true, key, null]);
        continue;
      }
      const value = (this.written.get(key) ?? 0) + 1;
      out.push([false, key, value]);
      if (value >= maxWritesPerKey) {
        this.written.delete(key);
        this.active[slot] = this.nextKey++;
      } else {
        this.written.set(key, value);
      }
    }
    return out;
  }

  private pickSlot(): number {
    const n = this.active.length;
    if (this.options.keyDistribution === 'uniform' || n === 1) return this.rng.int(0, n - 1);
    // Weights 1, 1/2, 1/4, …: walk the cumulative sum.
    let u = this.rng.float() * 2 * (1 - 2 ** -n);
    let weight = 1;
    for (let i = 0; i < n - 1; i++) {
      if (u < weight) return i;
      u -= weight;
      weight /= 2;
    }
    return n - 1;
  }
}

/** Elle's list-append transactions: ["append", k, v] with v unique per key, and ["r", k, null]. */
export class ListAppendTxnSource {
  private readonly mix: TxnMix;

  constructor(rng: Rng, options: TxnSourceOptions = {}) {
    this.mix = new TxnMix(rng, options);
  }

  next(): ListAppendMicroOp[] {
    return this.mix.nextTriples().map(([read, k, v]) => (read ? ['r', k, null] : ['append', k, v as number]));
  }
}
