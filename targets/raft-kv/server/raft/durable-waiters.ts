// Answers that must wait until the log is durable through some index: a follower vouches for
// entries only once they are on its disk.

export class DurableWaiters {
  private waiting: Array<{ index: number; fire: () => void }> = [];

  add(index: number, fire: () => void): void {
    this.waiting.push({ index, fire });
  }

  /** Runs every waiter whose index is now durable. */
  fireThrough(durable: number): void {
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) {
      if (waiter.index <= durable) waiter.fire();
      else this.waiting.push(waiter);
    }
  }

  /** Forgets waiters for entries that no longer exist (truncated, or replaced by a snapshot). */
  dropAbove(index: number): void {
    this.waiting = this.waiting.filter((waiter) => waiter.index <= index);
  }
}
