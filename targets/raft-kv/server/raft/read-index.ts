import { DeadlineQueue } from '../deadline-queue.js';

// Linearizable reads without writing to the log (Raft's ReadIndex). A read remembers the
// commit index when it arrived and the first heartbeat sequence number sent after it; once a
// majority has answered a heartbeat that recent, no newer leader can have committed anything
// this leader does not know, and the read is served as soon as the state machine has caught up.

interface PendingRead {
  readIndex: number;
  needSeq: number;
  serve: () => void;
  fail: (error: string) => void;
  handle: { done: boolean };
}

export class ReadIndexQueue {
  private awaitingQuorum: PendingRead[] = [];
  private awaitingApply: PendingRead[] = [];
  private readonly deadlines: DeadlineQueue<PendingRead>;

  constructor(timeoutMs: number) {
    this.deadlines = new DeadlineQueue(timeoutMs);
  }

  get size(): number {
    return this.awaitingQuorum.length + this.awaitingApply.length;
  }

  get waitingForQuorum(): number {
    return this.awaitingQuorum.length;
  }

  add(readIndex: number, needSeq: number, serve: () => void, fail: (error: string) => void): void {
    const read: PendingRead = { readIndex, needSeq, serve, fail, handle: { done: false } };
    read.handle = this.deadlines.add(read);
    this.awaitingQuorum.push(read);
  }

  /** A majority has acknowledged every heartbeat up to `seq`. */
  confirm(seq: number, lastApplied: number): void {
    let confirmed = 0;
    while (confirmed < this.awaitingQuorum.length && this.awaitingQuorum[confirmed].needSeq <= seq) confirmed++;
    if (confirmed === 0) return;
    const ready = this.awaitingQuorum.splice(0, confirmed);
    for (const read of ready) this.awaitingApply.push(read);
    this.applied(lastApplied);
  }

  applied(lastApplied: number): void {
    if (this.awaitingApply.length === 0) return;
    const waiting: PendingRead[] = [];
    for (const read of this.awaitingApply) {
      if (read.handle.done) continue;
      if (read.readIndex <= lastApplied) {
        read.handle.done = true;
        read.serve();
      } else {
        waiting.push(read);
      }
    }
    this.awaitingApply = waiting;
  }

  expire(): void {
    this.deadlines.sweep((read) => read.fail('timeout: leadership not confirmed by a majority in time'));
    this.awaitingQuorum = this.awaitingQuorum.filter((read) => !read.handle.done);
  }

  failAll(error: string): void {
    for (const read of [...this.awaitingQuorum, ...this.awaitingApply]) {
      if (read.handle.done) continue;
      read.handle.done = true;
      read.fail(error);
    }
    this.awaitingQuorum = [];
    this.awaitingApply = [];
  }
}
