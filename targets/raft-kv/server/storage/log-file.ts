import { closeSync, fdatasync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LogEntry } from '../../protocol/messages.js';
import { replaceFileDurably } from './durable-file.js';
import { encodeEntry, encodeHeader, logFileName, type LogHeader } from './log-format.js';
import type { RecoveredLog } from './log-recovery.js';

// The write-ahead log on disk. Entries appended in one turn of the event loop are written
// together at its end; fdatasync runs off the main thread, and everything written while one
// runs is covered by the next (group commit). `durableIndex` only moves when a sync that
// started after the entries were written has finished.
//
// The no-fsync bug swaps this for a memory buffer that reaches the file seconds later and is
// never synced, so acknowledged entries die with the process.

export type LogDurability = { kind: 'fsync' } | { kind: 'buffered'; flushAfterMs: number };

export class LogFile {
  private fd: number;
  private path: string;
  private baseIndex: number;
  private offsets: number[];
  private size: number;
  private lastWritten: number;
  private durable: number;
  private syncing = false;
  private syncWanted = false;
  private syncScheduled = false;
  /** Lowest index truncated since the running sync began: entries from there on are not covered by it. */
  private truncatedFrom = Infinity;
  private generation = 0;
  /** Bumped by every truncation or rewrite: a durability note taken before one no longer applies. */
  private epoch = 0;
  private readonly retiredFds = new Set<number>();
  private buffer: Array<{ index: number; line: string }> = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    recovered: RecoveredLog,
    private readonly durability: LogDurability,
    private readonly onDurable: (index: number) => void,
    private readonly onFatal: (err: Error) => void,
  ) {
    this.path = recovered.path;
    this.fd = openSync(this.path, 'r+');
    this.baseIndex = recovered.header.baseIndex;
    this.offsets = recovered.offsets;
    this.size = recovered.size;
    this.lastWritten = this.baseIndex + recovered.entries.length;
    this.durable = this.lastWritten;
  }

  get durableIndex(): number {
    return this.durable;
  }

  append(entries: readonly LogEntry[]): void {
    if (this.closed) throw new Error(`log file ${this.path} is closed`);
    if (entries.length === 0) return;
    if (entries[0].index !== this.lastWritten + 1) {
      throw new Error(`log file: appending index ${entries[0].index} after ${this.lastWritten}`);
    }
    // Lines wait in memory until the end of this turn of the event loop, so a burst of appends
    // costs one write and one sync (or, with the no-fsync bug, until the flush timer).
    for (const entry of entries) this.buffer.push({ index: entry.index, line: encodeEntry(entry) });
    this.lastWritten = entries[entries.length - 1].index;
    if (this.durability.kind === 'buffered') {
      this.flushTimer ??= setTimeout(() => this.flushBuffer(), this.durability.flushAfterMs);
      this.markDurableSoon(this.lastWritten);
    } else {
      this.scheduleSync();
    }
  }

  /** Drops entries from `index` on (a follower's conflicting suffix). */
  truncateFrom(index: number): void {
    if (index > this.lastWritten) return;
    if (index <= this.baseIndex) throw new Error(`log file: cannot truncate at ${index}, the file starts after ${this.baseIndex}`);
    const firstBuffered = this.buffer[0]?.index ?? Infinity;
    if (index >= firstBuffered) {
      this.buffer.length = index - firstBuffered;
    } else {
      this.buffer = [];
      this.size = this.offsets[index - this.baseIndex - 1];
      this.offsets.length = index - this.baseIndex - 1;
      ftruncateSync(this.fd, this.size);
    }
    this.lastWritten = index - 1;
    this.epoch++;
    this.durable = Math.min(this.durable, index - 1);
    this.truncatedFrom = Math.min(this.truncatedFrom, index);
    if (this.durability.kind === 'buffered') this.markDurableSoon(this.lastWritten);
    else this.scheduleSync();
  }

  /**
   * Starts a new file holding `entries` after `header` (compaction, or a snapshot installed
   * from the leader). The new file is synced and in place before the old one is deleted.
   */
  rewrite(header: LogHeader, entries: readonly LogEntry[]): void {
    const path = join(dirname(this.path), logFileName(header.baseIndex));
    let text = encodeHeader(header);
    const offsets: number[] = [];
    for (const entry of entries) {
      offsets.push(Buffer.byteLength(text));
      text += encodeEntry(entry);
    }
    replaceFileDurably(path, text, this.durability.kind === 'fsync');
    const oldPath = this.path;
    this.retire(this.fd);
    this.fd = openSync(path, 'r+');
    this.path = path;
    if (oldPath !== path) unlinkSync(oldPath);
    this.generation++;
    this.baseIndex = header.baseIndex;
    this.offsets = offsets;
    this.size = Buffer.byteLength(text);
    this.buffer = [];
    this.lastWritten = header.baseIndex + entries.length;
    this.epoch++;
    this.durable = Math.min(this.durable, this.lastWritten);
    this.markDurableSoon(this.lastWritten);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushBuffer();
    this.retire(this.fd);
  }

  private writeAt(text: string, position: number): void {
    const bytes = Buffer.from(text);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, position + written);
  }

  private flushBuffer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.buffer.length === 0) return;
    let text = '';
    let offset = this.size;
    for (const { line } of this.buffer) {
      this.offsets.push(offset);
      offset += Buffer.byteLength(line);
      text += line;
    }
    this.writeAt(text, this.size);
    this.size = offset;
    this.buffer = [];
  }

  private markDurableSoon(index: number): void {
    // Callers are in the middle of a state change; tell them on the next turn, as a real sync would.
    const epoch = this.epoch;
    setImmediate(() => {
      if (epoch === this.epoch && index > this.durable) {
        this.durable = index;
        this.onDurable(index);
      }
    });
  }

  private scheduleSync(): void {
    if (this.durability.kind !== 'fsync' || this.syncScheduled) return;
    this.syncScheduled = true;
    setImmediate(() => {
      this.syncScheduled = false;
      this.startSync();
    });
  }

  private startSync(): void {
    if (this.closed) return;
    if (this.syncing) {
      this.syncWanted = true;
      return;
    }
    if (this.durable >= this.lastWritten) return;
    this.flushBuffer();
    this.syncing = true;
    const target = this.lastWritten;
    const generation = this.generation;
    const fd = this.fd;
    this.truncatedFrom = Infinity;
    fdatasync(fd, (err) => {
      this.syncing = false;
      for (const retired of [...this.retiredFds]) this.closeRetired(retired);
      if (err) {
        this.onFatal(new Error(`fdatasync of ${this.path} failed: ${err.message}`, { cause: err }));
        return;
      }
      if (generation === this.generation) {
        const upTo = Math.min(target, this.truncatedFrom - 1, this.lastWritten);
        if (upTo > this.durable) {
          this.durable = upTo;
          this.onDurable(upTo);
        }
      }
      if (this.syncWanted || this.durable < this.lastWritten) {
        this.syncWanted = false;
        this.startSync();
      }
    });
  }

  private retire(fd: number): void {
    this.retiredFds.add(fd);
    if (!this.syncing) this.closeRetired(fd);
  }

  private closeRetired(fd: number): void {
    this.retiredFds.delete(fd);
    closeSync(fd);
  }
}
