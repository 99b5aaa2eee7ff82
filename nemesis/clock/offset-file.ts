import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/errors.js';

// The offset file is the whole interface between the harness and the clock library inside a
// node: one signed decimal integer, nanoseconds to add to the true wall clock. The library
// re-reads it about every millisecond. Writes go through rename, so the library reads either
// the old offset or the new one, never a torn number.

/** Environment variable naming the offset file inside a node. */
export const CLOCK_FILE_VARIABLE = 'FAULTLINE_CLOCK_FILE';

/** The largest offset accepted: a century, far inside the library's 64-bit nanoseconds. */
export const MAX_OFFSET_MS = 100 * 365 * 24 * 3600 * 1000;

/** Writes an offset in milliseconds (fractions kept to the nanosecond); readable by every user. */
export function writeClockOffset(file: string, offsetMs: number): void {
  if (!Number.isFinite(offsetMs) || Math.abs(offsetMs) > MAX_OFFSET_MS) {
    throw new ConfigError('clock offset', `${String(offsetMs)} ms is not a finite number within ±${MAX_OFFSET_MS} ms`);
  }
  const nanos = BigInt(Math.round(offsetMs * 1_000_000));
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${nanos}\n`, { mode: 0o644 });
  renameSync(partial, file);
}

/** The offset in milliseconds; 0 when the file is missing. */
export function readClockOffset(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0;
  }
  if (!/^\s*[-+]?[0-9]+\s*$/.test(text)) {
    throw new ConfigError(file, `clock offset file holds ${JSON.stringify(text.slice(0, 40))}, not an integer of nanoseconds`);
  }
  return Number(BigInt(text.trim())) / 1_000_000;
}

/**
 * The variables that put the clock library into a process: ours goes first in LD_PRELOAD, any
 * preload the command already asked for is kept after it.
 */
export function clockPreloadEnv(library: string, offsetFile: string, env: Readonly<Record<string, string | undefined>>) {
  const existing = env.LD_PRELOAD?.trim();
  return {
    LD_PRELOAD: existing ? `${library} ${existing}` : library,
    [CLOCK_FILE_VARIABLE]: offsetFile,
  };
}
