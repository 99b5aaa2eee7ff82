import type { Key } from '../../../core/history.js';

const SMALL_INT_LIMIT = 1 << 22;

/**
 * Dense ids for keys. Small non-negative integer keys (what generators produce) go through
 * an array instead of a Map; 1 and "1" stay different keys.
 */
export class KeyInterner {
  readonly keys: Key[] = [];
  private small = new Int32Array(1024).fill(-1);
  private readonly other = new Map<Key, number>();

  id(key: Key): number {
    if (typeof key === 'number' && key >= 0 && key < SMALL_INT_LIMIT && Number.isInteger(key)) {
      if (key >= this.small.length) this.growTo(key);
      let id = this.small[key];
      if (id < 0) {
        id = this.keys.length;
        this.keys.push(key);
        this.small[key] = id;
      }
      return id;
    }
    let id = this.other.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.other.set(key, id);
    }
    return id;
  }

  private growTo(key: number): void {
    let size = this.small.length;
    while (size <= key) size *= 2;
    const next = new Int32Array(size).fill(-1);
    next.set(this.small);
    this.small = next;
  }
}
