import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Op } from './history.js';

/**
 * Appends each event to history.jsonl as it happens. Events recorded in one synchronous
 * stretch of the harness go to the kernel together at the next microtask, before the harness
 * waits on anything, so a harness killed at any point leaves a readable prefix at the cost of
 * one write per batch rather than per event. `sync` forces the file to disk at phase ends.
 *
 * A write that fails (disk full, read-only file system) never throws out of a microtask: the
 * writer stops writing, remembers the failure and how many events are safely in the file,
 * and tells `onFailure`, so the run can stop and say what was kept.
 */
export class HistoryWriter {
  private fd: number | undefined;
  private buffer = '';
  private buffered = 0;
  private scheduled = false;
  /** Events whose whole line reached the file. */
  written = 0;
  failure: Error | undefined;

  constructor(
    readonly path: string,
    private readonly onFailure?: (err: Error) => void,
  ) {
    this.fd = openSync(path, 'a');
  }

  append(op: Op): void {
    if (this.failure) return;
    if (this.fd === undefined) throw new Error(`history writer for ${this.path} is closed`);
    this.buffer += `${JSON.stringify(op)}\n`;
    this.buffered++;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.fd === undefined || this.buffer === '' || this.failure) return;
    const bytes = Buffer.from(this.buffer);
    const count = this.buffered;
    this.buffer = '';
    this.buffered = 0;
    this.guard(() => {
      // A short write (the disk filling up) is followed by the next one, which then fails.
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd!, bytes, at);
      this.written += count;
    });
  }

  sync(): void {
    this.flush();
    if (this.fd !== undefined && !this.failure) this.guard(() => fsyncSync(this.fd!));
  }

  close(): void {
    if (this.fd === undefined) return;
    this.sync();
    try {
      closeSync(this.fd);
    } catch (err) {
      this.fail(err as Error);
    }
    this.fd = undefined;
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.onFailure?.(err);
  }
}

/** Serializes a whole history, e.g. after an EDN import. */
export function historyToJsonl(history: readonly Op[]): string {
  let out = '';
  for (const op of history) out += `${JSON.stringify(op)}\n`;
  return out;
}
