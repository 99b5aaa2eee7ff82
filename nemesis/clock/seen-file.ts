import { chmodSync, closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

// The clock library's record of what each process really used: "<pid> <offset ns>" lines
// appended to <offset file>.seen each time a process of the node starts using a new offset (see
// faultline-clock.c). It is the outside witness of a clock fault: a line with the new offset,
// written after the offset was, proves that the node's program read its wall clock through the
// library and got the skewed time. The harness creates the file, writable by every user, since a
// node may run as another user (PostgreSQL) and the library never creates it.

/** How long a changed clock offset may take to be read by the node's program. */
export const CLOCK_SEEN_TIMEOUT_MS = 3_000;

/** Why a clock change was not seen: the program did not ask for the time, or asks without libc. */
export function notSeenDetail(node: string, shown: string): string {
  return `no process of ${node} read its wall clock through the clock library within ${CLOCK_SEEN_TIMEOUT_MS / 1000} s of the change to ${shown}: it did not ask for the time in that while, or it reads it without libc (as Go does, from the kernel's vDSO), out of the library's reach`;
}

export function seenFileOf(offsetFile: string): string {
  return `${offsetFile}.seen`;
}

/** Creates (or empties) the record, writable by the node whatever user it runs as. */
export function createSeenFile(file: string): void {
  writeFileSync(file, '');
  chmodSync(file, 0o666);
}

/** Where the record ends now: lines after this were written after this moment. */
export function seenMark(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The first process that reported using `offsetMs` after `mark`, waiting up to `timeoutMs`. */
export async function waitForSeen(file: string, offsetMs: number, mark: number, timeoutMs: number): Promise<number | undefined> {
  const wanted = BigInt(Math.round(offsetMs * 1_000_000));
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const pid = findSeen(file, wanted, mark);
    if (pid !== undefined) return pid;
    if (performance.now() >= deadline) return undefined;
    await sleep(25);
  }
}

function findSeen(file: string, wanted: bigint, mark: number): number | undefined {
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = statSync(file).size;
      const buf = Buffer.alloc(Math.max(0, size - mark));
      const got = buf.length > 0 ? readSync(fd, buf, 0, buf.length, mark) : 0;
      text = buf.subarray(0, got).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  return pidIn(text, wanted);
}

/** The first process in a piece of the record that reported using `offsetMs`. */
export function seenPidIn(text: string, offsetMs: number): number | undefined {
  return pidIn(text, BigInt(Math.round(offsetMs * 1_000_000)));
}

function pidIn(text: string, wanted: bigint): number | undefined {
  for (const line of text.split('\n')) {
    const [pid, ns] = line.trim().split(' ');
    if (ns !== undefined && /^-?[0-9]+$/.test(ns) && BigInt(ns) === wanted) return Number(pid);
  }
  return undefined;
}
