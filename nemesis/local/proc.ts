import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

// What the kernel says about processes, read from /proc. A pid alone is not an identity (pids
// are reused), so every process we record is recorded with its start time as well.

/** A process as recorded in registries: pid plus kernel start time (clock ticks since boot). */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

export interface ProcStat {
  pid: number;
  /** R running, S sleeping, D disk wait, T stopped, Z zombie, … */
  state: string;
  pgrp: number;
  startTime: string;
}

/** Parses /proc/<pid>/stat; undefined when the process does not exist. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name sits in parentheses and may itself contain spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 of stat(5): state; pgrp is field 5; starttime field 22.
  return { pid, state: fields[0], pgrp: Number(fields[2]), startTime: fields[19] };
}

export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readProcStat(pid);
  return stat && { pid, startTime: stat.startTime };
}

/** True when this very process (same pid, same start) still exists and is not a zombie. */
export function isAlive(who: ProcessIdentity): boolean {
  const stat = readProcStat(who.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.startTime === who.startTime;
}

/** Every live (non-zombie) member of a process group. */
export function groupMembers(pgid: number): ProcStat[] {
  const members: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readProcStat(pid);
    // Orphans are reaped by pid 1, which in a container may never do it: a zombie counts as gone.
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(stat);
  }
  return members;
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Polls until `done()` holds; false if the time ran out first. */
export async function waitUntil(done: () => boolean, timeoutMs: number, intervalMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
