import type { LockInterval } from './lock-types.js';

/**
 * Counts pairs of intervals from different processes that share some time, and hands the
 * first pairs to `visit` until it returns false. Intervals are half-open [start, end), so a
 * release at t and a grant at t do not overlap, and empty intervals overlap nothing.
 * Sorted by start with a min-heap of ends, the count costs O(n log n) however many pairs
 * there are; only visited pairs cost one step each.
 */
export function sweepOverlaps(intervals: readonly LockInterval[], visit: (a: LockInterval, b: LockInterval) => boolean): number {
  const order = intervals
    .map((_, i) => i)
    .filter((i) => intervals[i].end > intervals[i].start)
    .sort((a, b) => intervals[a].start - intervals[b].start);
  const heap = new EndHeap(intervals);
  const activeByProcess = new Map<number, number>();
  let count = 0;
  let visiting = true;
  for (const i of order) {
    const x = intervals[i];
    while (heap.size > 0 && intervals[heap.peek()].end <= x.start) {
      const gone = intervals[heap.pop()].process;
      activeByProcess.set(gone, (activeByProcess.get(gone) ?? 0) - 1);
    }
    count += heap.size - (activeByProcess.get(x.process) ?? 0);
    if (visiting) {
      for (let k = 0; k < heap.size && visiting; k++) {
        const y = intervals[heap.at(k)];
        if (y.process !== x.process) visiting = visit(y, x);
      }
    }
    heap.push(i);
    activeByProcess.set(x.process, (activeByProcess.get(x.process) ?? 0) + 1);
  }
  return count;
}

/** A binary min-heap of interval numbers ordered by end time. */
class EndHeap {
  private items = new Int32Array(64);
  size = 0;

  constructor(private readonly intervals: readonly LockInterval[]) {}

  peek(): number {
    return this.items[0];
  }

  at(k: number): number {
    return this.items[k];
  }

  push(i: number): void {
    if (this.size === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    let k = this.size++;
    this.items[k] = i;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (this.endOf(parent) <= this.endOf(k)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  pop(): number {
    const top = this.items[0];
    this.size--;
    if (this.size > 0) {
      this.items[0] = this.items[this.size];
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        const right = left + 1;
        let least = k;
        if (left < this.size && this.endOf(left) < this.endOf(least)) least = left;
        if (right < this.size && this.endOf(right) < this.endOf(least)) least = right;
        if (least === k) break;
        this.swap(k, least);
        k = least;
      }
    }
    return top;
  }

  private endOf(k: number): number {
    return this.intervals[this.items[k]].end;
  }

  private swap(a: number, b: number): void {
    const t = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = t;
  }
}

/** The shared stretch of two overlapping intervals. */
export function overlapOf(a: LockInterval, b: LockInterval): { from: number; to: number } {
  return { from: Math.max(a.start, b.start), to: Math.min(a.end, b.end) };
}
