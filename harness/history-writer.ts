import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Op } from './history.js';

/**
 * Appends each event to history.jsonl as it happens. Events recorded in one synchronous
 * stretch of the harness go to the kernel together at the next microtask, before the harness
 * waits on anything, so a harness killed at any point leaves a readable prefix at the cost of
 * one write per batch rather than per event. `sync` forces the file to disk at phase ends.
 */
export class HistoryWriter {
  private fd: number | undefined;
  private buffer = '';
  private scheduled = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(op: Op): void {
    if (this.fd === undefined) throw new Error(`history writer for ${this.path} is closed`);
    this.buffer += `${JSON.stringify(op)}\n`;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.fd === undefined || this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    writeSync(this.fd, text);
  }

  sync(): void {
    this.flush();
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.sync();
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Serializes a whole history, e.g. after an EDN import. */
export function historyToJsonl(history: readonly Op[]): string {
  let out = '';
  for (const op of history) out += `${JSON.stringify(op)}\n`;
  return out;
}
