const DENSE_LIMIT = 1 << 20;

/**
 * (key, written value) → the micro-op that wrote it. Generators write small integers per
 * key (1, 2, 3, …), which go in a plain array per key; anything else falls back to a Map.
 * This lookup runs once per read on million-transaction histories.
 */
export class WriterIndex {
  private readonly dense: (number[] | undefined)[];
  private readonly sparse: (Map<unknown, number> | undefined)[];

  constructor(keyCount: number) {
    this.dense = new Array(keyCount);
    this.sparse = new Array(keyCount);
  }

  /** The writing micro-op, or -1. */
  get(k: number, value: unknown): number {
    if (typeof value === 'number') {
      const list = this.dense[k];
      if (list !== undefined && value >= 0 && value < list.length && (value | 0) === value && list[value] >= 0) {
        return list[value];
      }
    }
    const map = this.sparse[k];
    if (map === undefined) return -1;
    return map.get(value) ?? -1;
  }

  /** Records the writer of a value; returns the earlier writer of the same value, or -1. */
  set(k: number, value: unknown, mop: number): number {
    if (typeof value === 'number' && value >= 0 && (value | 0) === value && value < DENSE_LIMIT) {
      let list = this.dense[k];
      if (list === undefined) list = this.dense[k] = [];
      if (value < list.length || value <= 2 * list.length + 64) {
        while (list.length <= value) list.push(-1);
        // A value stored before its key's array reached it lives in the Map.
        const earlier = list[value] >= 0 ? list[value] : (this.sparse[k]?.get(value) ?? -1);
        list[value] = mop;
        return earlier;
      }
    }
    let map = this.sparse[k];
    if (map === undefined) map = this.sparse[k] = new Map();
    const earlier = map.get(value);
    map.set(value, mop);
    return earlier ?? -1;
  }
}
