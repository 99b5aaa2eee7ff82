import { appendFileSync, closeSync, openSync } from 'node:fs';

// A node's log file collects its stdout and stderr across restarts (the process writes to the
// file itself, so its output survives the harness), interleaved with one marker line per
// lifecycle event and fault, so a reader can tell which run of the process wrote what.

/** The line written for one event: `=== faultline <ISO time> <node>: <event> ===`. */
export function markerLine(node: string, event: string): string {
  return `=== faultline ${new Date().toISOString()} ${node}: ${event} ===\n`;
}

/** Appends a marker; a log that cannot be written must not stop a fault from being undone. */
export function appendMarker(logFile: string, node: string, event: string): void {
  try {
    appendFileSync(logFile, markerLine(node, event));
  } catch {
    // Nothing better to do: the event itself still happens.
  }
}

/** Opens the log for a child's stdout and stderr, in append mode. The caller closes it. */
export function openLogForChild(logFile: string): number {
  return openSync(logFile, 'a', 0o644);
}

export function closeLog(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}
