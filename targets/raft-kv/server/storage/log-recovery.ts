import { closeSync, ftruncateSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from '../../protocol/messages.js';
import { encodeHeader, isLogEntry, isLogHeader, logFileName, parseLogFileName, type LogHeader } from './log-format.js';
import { replaceFileDurably } from './durable-file.js';

// Finds the log file to continue from after a restart and reads it back. A compaction writes
// the new file before deleting the old one, so after a crash two may exist: the newest whose
// base is not past the snapshot wins. A torn last line (the process died mid-write) is cut off;
// damage anywhere else is reported, never repaired by guessing.

export interface RecoveredLog {
  path: string;
  header: LogHeader;
  entries: LogEntry[];
  /** Byte offset of each entry's line, for truncation. */
  offsets: number[];
  /** Byte length of the valid part of the file. */
  size: number;
  notes: string[];
}

export function recoverLog(dataDir: string, snapshot: { index: number; term: number } | null): RecoveredLog {
  const notes: string[] = [];
  const snapshotIndex = snapshot?.index ?? 0;
  const bases = readdirSync(dataDir)
    .map((name) => ({ name, base: parseLogFileName(name) }))
    .filter((file): file is { name: string; base: number } => file.base !== undefined)
    .sort((a, b) => a.base - b.base);
  const usable = bases.filter((file) => file.base <= snapshotIndex);
  const chosen = usable[usable.length - 1];
  for (const file of bases) {
    if (file === chosen) continue;
    unlinkSync(join(dataDir, file.name));
    notes.push(`removed stale log file ${file.name}`);
  }
  if (chosen === undefined) {
    const header = { baseIndex: snapshotIndex, baseTerm: snapshot?.term ?? 0 };
    const path = join(dataDir, logFileName(snapshotIndex));
    replaceFileDurably(path, encodeHeader(header));
    return { path, header, entries: [], offsets: [], size: Buffer.byteLength(encodeHeader(header)), notes };
  }
  const path = join(dataDir, chosen.name);
  const recovered = readLogFile(path, chosen.base);
  if (recovered.cutBytes > 0) notes.push(`cut ${recovered.cutBytes} bytes of a torn last entry from ${chosen.name}`);
  return { path, header: recovered.header, entries: recovered.entries, offsets: recovered.offsets, size: recovered.size, notes };
}

function readLogFile(path: string, expectedBase: number): Omit<RecoveredLog, 'notes' | 'path'> & { cutBytes: number } {
  const bytes = readFileSync(path);
  const lines: Array<{ start: number; end: number }> = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) {
      lines.push({ start, end: -1 });
      break;
    }
    lines.push({ start, end });
    start = end + 1;
  }
  const fail = (line: number, problem: string): never => {
    throw new Error(`${path}:${line}: ${problem}`);
  };
  if (lines.length === 0 || lines[0].end < 0) fail(1, 'missing header line');
  const header = parseLine(bytes, lines[0]);
  if (!isLogHeader(header) || header.baseIndex !== expectedBase) fail(1, `bad header, expected baseIndex ${expectedBase}`);
  const { baseIndex, baseTerm } = header as LogHeader;
  const entries: LogEntry[] = [];
  const offsets: number[] = [];
  let size = lines[0].end + 1;
  let lastTerm = baseTerm;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const isLast = i === lines.length - 1;
    const parsed = line.end < 0 ? undefined : parseLine(bytes, line);
    if (parsed === undefined || !isLogEntry(parsed)) {
      if (isLast) break; // torn tail: the write that was cut off was never acknowledged
      fail(i + 1, 'not a log entry');
    }
    const entry = parsed as LogEntry;
    if (entry.index !== baseIndex + entries.length + 1) fail(i + 1, `expected index ${baseIndex + entries.length + 1}, found ${entry.index}`);
    if (entry.term < lastTerm) fail(i + 1, `term ${entry.term} is below the previous entry's ${lastTerm}`);
    lastTerm = entry.term;
    entries.push(entry);
    offsets.push(line.start);
    size = line.end + 1;
  }
  if (size < bytes.length) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, size);
    } finally {
      closeSync(fd);
    }
  }
  return { header: { baseIndex, baseTerm }, entries, offsets, size, cutBytes: bytes.length - size };
}

function parseLine(bytes: Buffer, line: { start: number; end: number }): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', line.start, line.end));
  } catch {
    return undefined;
  }
}
