import { monoNow } from './clock.js';

// Pending requests that share one timeout expire in the order they arrived, so a sweep from
// the head finds every expired one without a timer per request (thousands per second).

interface Pending<T> {
  item: T;
  deadline: number;
  done: boolean;
}

export class DeadlineQueue<T> {
  private queue: Array<Pending<T>> = [];
  private head = 0;

  constructor(private readonly timeoutMs: number) {}

  /** Returns a handle whose `done` flag the owner sets when the item completes first. */
  add(item: T): { done: boolean } {
    const pending = { item, deadline: monoNow() + this.timeoutMs, done: false };
    this.queue.push(pending);
    return pending;
  }

  /** Calls `expire` for every item past its deadline that is not done. */
  sweep(expire: (item: T) => void): void {
    const now = monoNow();
    while (this.head < this.queue.length && (this.queue[this.head].deadline <= now || this.queue[this.head].done)) {
      const pending = this.queue[this.head++];
      if (!pending.done) {
        pending.done = true;
        expire(pending.item);
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  get length(): number {
    return this.queue.length - this.head;
  }
}
