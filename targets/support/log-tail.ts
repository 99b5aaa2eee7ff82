import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import type { NodeExit } from '../../core/runtime.js';

// What a person needs when a node stops or never answers: how its process ended, and the last
// lines it wrote (runs/…/nodes/<name>.log, where the runtime sends its stdout and stderr).

/** How many lines of a node's log an error quotes. */
export const LOG_TAIL_LINES = 20;

/** Bytes read from the end of the log: enough for the lines, without reading a huge log whole. */
const TAIL_BYTES = 64 * 1024;

/** The last `lines` lines of a log file ([] when it is missing or empty). */
export function logTail(file: string, lines = LOG_TAIL_LINES): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const all = buffer.toString('utf8').split('\n');
    // A read that began mid-file begins mid-line: drop that partial line.
    if (length < size) all.shift();
    while (all.length > 0 && all[all.length - 1].trim() === '') all.pop();
    return all.slice(-lines);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The tail as an indented block under a heading naming the file (relative to here when below it), or '' when there is nothing to show. */
export function formatLogTail(file: string, lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const shown = relative(process.cwd(), file);
  const heading = `last ${lines.length === 1 ? 'line' : `${lines.length} lines`} of ${shown.startsWith('..') || isAbsolute(shown) ? file : shown}:`;
  return `${heading}\n${lines.map((line) => `  | ${line}`).join('\n')}`;
}

/**
 * "exit code 1", "signal SIGSEGV", or "exit code 137 (128 + 9: likely SIGKILL)": Docker, and a
 * shell whose child died, report a death by signal n as 128 + n.
 */
export function describeExit(exit: Pick<NodeExit, 'code' | 'signal'>): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code === undefined) return 'an unknown exit status';
  const signal = exit.code > 128 ? signalName(exit.code - 128) : undefined;
  return signal ? `exit code ${exit.code} (128 + ${exit.code - 128}: likely ${signal})` : `exit code ${exit.code}`;
}

function signalName(number: number): string | undefined {
  return Object.entries(constants.signals).find(([, n]) => n === number)?.[0];
}
