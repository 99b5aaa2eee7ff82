import type { ApplyResult } from '../state-machine.js';
import { DeadlineQueue } from '../deadline-queue.js';
import type { Respond } from './outcome.js';

// Clients waiting for their entry to be applied. An entry is named by (index, term): when the
// entry applied at an index has another term, ours was overwritten and can never commit, which
// is the one case where a write that reached the log is a definite failure.

interface Waiter {
  index: number;
  term: number;
  respond: Respond;
  handle: { done: boolean };
}

export class Proposals {
  private readonly waiting = new Map<number, Waiter[]>();
  private readonly deadlines: DeadlineQueue<Waiter>;
  private count = 0;

  constructor(
    private readonly node: string,
    timeoutMs: number,
  ) {
    this.deadlines = new DeadlineQueue(timeoutMs);
  }

  get size(): number {
    return this.count;
  }

  add(index: number, term: number, respond: Respond): void {
    const waiter: Waiter = { index, term, respond, handle: { done: false } };
    waiter.handle = this.deadlines.add(waiter);
    const list = this.waiting.get(index);
    if (list) list.push(waiter);
    else this.waiting.set(index, [waiter]);
    this.count++;
  }

  /** Called for every applied entry. */
  resolve(index: number, term: number, result: ApplyResult): void {
    const list = this.waiting.get(index);
    if (list === undefined) return;
    this.waiting.delete(index);
    for (const waiter of list) {
      this.finish(waiter);
      if (waiter.term !== term) {
        waiter.respond({
          ok: false,
          error: `superseded: index ${index} committed an entry of term ${term}, not ${waiter.term}`,
          definite: true,
          node: this.node,
        });
      } else if (result.ok) {
        waiter.respond({ ok: true, value: result.value, node: this.node });
      } else {
        waiter.respond({ ok: false, error: result.error, definite: true, node: this.node });
      }
    }
  }

  /** Entries through `index` were folded into an installed snapshot: whether ours was among them is unknown. */
  abandonThrough(index: number, reason: string): void {
    for (const [at, list] of this.waiting) {
      if (at > index) continue;
      this.waiting.delete(at);
      for (const waiter of list) {
        this.finish(waiter);
        waiter.respond({ ok: false, error: reason, definite: false, node: this.node });
      }
    }
  }

  /** Answers every waiter whose time is up: the entry may still commit later, so the outcome is unknown. */
  expire(): void {
    this.deadlines.sweep((waiter) => {
      const list = this.waiting.get(waiter.index);
      if (list === undefined) return;
      const position = list.indexOf(waiter);
      if (position < 0) return;
      list.splice(position, 1);
      if (list.length === 0) this.waiting.delete(waiter.index);
      this.count--;
      waiter.respond({ ok: false, error: `timeout: index ${waiter.index} not committed in time`, definite: false, node: this.node });
    });
  }

  private finish(waiter: Waiter): void {
    waiter.handle.done = true;
    this.count--;
  }
}
