// The ready operations of revealed-order.ts's greedy schedule, smallest call position first.

/** A binary min-heap of operation ids keyed by their call position; placed ones are skipped lazily. */
export class CallHeap {
  private readonly items: Int32Array;
  private size = 0;

  constructor(
    private readonly key: Int32Array,
    capacity: number,
  ) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  /** The least id not yet `done`, or -1. */
  peek(done: Uint8Array): number {
    while (this.size > 0 && done[this.items[0]] === 1) this.pop();
    return this.size === 0 ? -1 : this.items[0];
  }

  push(id: number): void {
    const { items, key } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (key[items[parent]] <= key[id]) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = id;
  }

  pop(): void {
    const { items, key } = this;
    const last = items[--this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && key[items[child + 1]] < key[items[child]]) child++;
      if (key[items[child]] >= key[last]) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
  }
}
