import type { LogEntry } from '../../protocol/messages.js';

// A log file is a header line naming the entry just before its first one, then one JSON entry
// per line. The header lets a compacted log still answer "what term is the entry before mine",
// which AppendEntries asks at the boundary.

export interface LogHeader {
  /** Index of the entry just before the first one in this file (the compaction point). */
  baseIndex: number;
  baseTerm: number;
}

export function logFileName(baseIndex: number): string {
  return `log-${String(baseIndex).padStart(16, '0')}.wal`;
}

export function parseLogFileName(name: string): number | undefined {
  const match = /^log-(\d{16})\.wal$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

export function encodeHeader(header: LogHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function encodeEntry(entry: LogEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

export function isLogEntry(value: unknown): value is LogEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<LogEntry>;
  return (
    Number.isSafeInteger(entry.index) &&
    Number.isSafeInteger(entry.term) &&
    typeof entry.command === 'object' &&
    entry.command !== null &&
    typeof entry.command.op === 'string'
  );
}

export function isLogHeader(value: unknown): value is LogHeader {
  if (typeof value !== 'object' || value === null) return false;
  const header = value as Partial<LogHeader>;
  return Number.isSafeInteger(header.baseIndex) && Number.isSafeInteger(header.baseTerm);
}
