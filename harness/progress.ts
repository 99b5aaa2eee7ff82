import type { Op } from '../core/history.js';

/**
 * The live progress line: elapsed and remaining time, outcomes so far and the faults in
 * force. On a terminal it rewrites one line; otherwise it prints a plain line now and then,
 * so CI logs stay readable.
 */
export class Progress {
  private readonly counts = { ok: 0, fail: 0, info: 0 };
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastLength = 0;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly timeLimitMs: number,
    private readonly activeFaults: () => string[],
  ) {}

  observe(op: Op): void {
    if (op.process === 'nemesis' || op.type === 'invoke') return;
    this.counts[op.type]++;
  }

  start(): void {
    this.startedAt = Date.now();
    const tty = this.out.isTTY === true;
    this.timer = setInterval(() => this.print(tty), tty ? 250 : 5_000);
    this.timer.unref();
  }

  finish(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.print(this.out.isTTY === true);
    if (this.out.isTTY) this.out.write('\n');
  }

  /** Prints a line of its own (a node that exited, say); on a terminal the progress line is redrawn below it. */
  interject(text: string): void {
    if (this.timer && this.out.isTTY === true) {
      this.out.write(`\r${' '.repeat(this.lastLength)}\r${text}\n`);
      this.lastLength = 0;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  line(): string {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const remaining = Math.max(0, this.timeLimitMs / 1000 - elapsed);
    const faults = this.activeFaults();
    const { ok, fail, info } = this.counts;
    return `${elapsed.toFixed(0)}s elapsed, ${remaining.toFixed(0)}s left | ok ${ok} fail ${fail} info ${info} | faults: ${faults.length ? faults.join(', ') : 'none'}`;
  }

  private print(tty: boolean): void {
    const line = this.line();
    if (tty) {
      this.out.write(`\r${line.padEnd(this.lastLength)}`);
      this.lastLength = line.length;
    } else {
      this.out.write(`${line}\n`);
    }
  }
}
