import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Op } from './history.js';

/**
 * Appends each event to history.jsonl the moment it happens. Every line goes to the kernel
 * in one write, so a harness killed at any point leaves a readable prefix; `sync` forces the
 * file to disk at phase ends, where a machine crash would otherwise cost the most.
 */
export class HistoryWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(op: Op): void {
    if (this.fd === undefined) throw new Error(`history writer for ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(op)}\n`);
  }

  sync(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
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
