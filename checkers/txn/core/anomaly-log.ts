import type { Key } from '../../../core/history.js';
import type { AnomalyType } from '../consistency/anomalies.js';
import type { Witness } from '../types.js';

/**
 * Counts every anomaly found but keeps only the first few witnesses per type, building a
 * witness (and its strings) only when it will be kept: a broken database can produce a
 * million G1a reads, and the report needs a handful.
 */
export class AnomalyLog {
  readonly counts = new Map<AnomalyType, number>();
  readonly witnesses = new Map<AnomalyType, Witness[]>();

  /** Set while checking one independent key's sub-history; stamped on the witnesses built meanwhile. */
  independentKey: Key | undefined;

  constructor(readonly maxWitnesses: number) {}

  add(type: AnomalyType, build: () => Witness): void {
    const n = this.counts.get(type) ?? 0;
    this.counts.set(type, n + 1);
    if (n >= this.maxWitnesses) return;
    const list = this.witnesses.get(type) ?? [];
    const witness = build();
    if (this.independentKey !== undefined) witness.independentKey = this.independentKey;
    list.push(witness);
    this.witnesses.set(type, list);
  }

  has(type: AnomalyType): boolean {
    return this.counts.has(type);
  }

  types(): AnomalyType[] {
    return [...this.counts.keys()].sort();
  }
}
