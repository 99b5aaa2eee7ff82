import type { LogEntry } from '../../protocol/messages.js';
import type { LogFile } from '../storage/log-file.js';

// The log as Raft reasons about it: entries after a compaction point (`baseIndex`, whose term
// is remembered so AppendEntries can still check it), kept in memory and mirrored to the file.

export class RaftLog {
  private entries: LogEntry[];
  private base: number;
  private baseTermValue: number;

  constructor(
    header: { baseIndex: number; baseTerm: number },
    entries: LogEntry[],
    private readonly file: LogFile,
  ) {
    this.base = header.baseIndex;
    this.baseTermValue = header.baseTerm;
    this.entries = entries;
  }

  get baseIndex(): number {
    return this.base;
  }

  get baseTerm(): number {
    return this.baseTermValue;
  }

  get lastIndex(): number {
    return this.base + this.entries.length;
  }

  get lastTerm(): number {
    return this.entries.length === 0 ? this.baseTermValue : this.entries[this.entries.length - 1].term;
  }

  get durableIndex(): number {
    return this.file.durableIndex;
  }

  /** The term of the entry at `index`, or undefined when it is compacted away or not there yet. */
  term(index: number): number | undefined {
    if (index === this.base) return this.baseTermValue;
    if (index < this.base || index > this.lastIndex) return undefined;
    return this.entries[index - this.base - 1].term;
  }

  entry(index: number): LogEntry | undefined {
    if (index <= this.base || index > this.lastIndex) return undefined;
    return this.entries[index - this.base - 1];
  }

  /** Up to `max` entries starting at `from` (which must be after the compaction point). */
  slice(from: number, max: number): LogEntry[] {
    const start = from - this.base - 1;
    if (start < 0) throw new Error(`raft log: entry ${from} is compacted (base ${this.base})`);
    return this.entries.slice(start, start + max);
  }

  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    let expected = this.lastIndex + 1;
    let lastTerm = this.lastTerm;
    for (const entry of entries) {
      if (entry.index !== expected || entry.term < lastTerm) {
        throw new Error(`raft log: cannot append (${entry.index}, term ${entry.term}) after (${expected - 1}, term ${lastTerm})`);
      }
      expected++;
      lastTerm = entry.term;
    }
    this.file.append(entries);
    for (const entry of entries) this.entries.push(entry);
  }

  /** Removes the entries from `index` on: a follower's suffix that conflicts with the leader. */
  truncateFrom(index: number): void {
    if (index > this.lastIndex) return;
    if (index <= this.base) throw new Error(`raft log: cannot truncate at ${index}, compacted through ${this.base}`);
    this.file.truncateFrom(index);
    this.entries.length = index - this.base - 1;
  }

  /** Forgets entries through `index`, which a snapshot now covers. */
  compactTo(index: number): void {
    if (index <= this.base) return;
    const term = this.term(index);
    if (term === undefined) throw new Error(`raft log: cannot compact to ${index}, last index is ${this.lastIndex}`);
    const kept = this.entries.slice(index - this.base);
    this.file.rewrite({ baseIndex: index, baseTerm: term }, kept);
    this.entries = kept;
    this.base = index;
    this.baseTermValue = term;
  }

  /**
   * Makes the log start right after an installed snapshot. Entries after it survive only when
   * the log holds the snapshot's last entry with the same term (they then extend the same history).
   */
  resetAfterSnapshot(index: number, term: number): void {
    const keep = this.term(index) === term ? this.entries.slice(Math.max(0, index - this.base)) : [];
    this.file.rewrite({ baseIndex: index, baseTerm: term }, keep);
    this.entries = keep;
    this.base = index;
    this.baseTermValue = term;
  }

  /** The first index of the run of entries with the same term as `index`, for fast back-off. */
  firstIndexOfTerm(index: number): number {
    const term = this.term(index);
    let first = index;
    while (first - 1 > this.base && this.term(first - 1) === term) first--;
    return first;
  }
}
