import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultlineError } from '../../../core/errors.js';
import { identify, isAlive, type ProcessIdentity } from '../../local/proc.js';

// Test files run in parallel workers and may all find the image missing at once. Two imports of
// the same files would leave an untagged duplicate behind, so one process builds while the others
// wait for its result. The lock is a file holding its owner's pid and start time: a lock whose
// owner died (killed mid-build) is taken over rather than waited on forever.

const POLL_MS = 200;
// A lock file still empty after this long was left by a holder that died while creating it.
const UNREADABLE_LOCK_MS = 10_000;

/** Runs `work` while holding the lock file; waits up to `timeoutMs` for another holder. */
export async function withBuildLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const me = identify(process.pid) ?? { pid: process.pid, startTime: 'unknown' };
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (tryTake(file, me)) break;
    const owner = readOwner(file);
    if ((owner && !isAlive(owner)) || (!owner && ageMs(file) > UNREADABLE_LOCK_MS)) {
      rmSync(file, { force: true });
      continue;
    }
    if (performance.now() > deadline) {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${file} is held by pid ${owner?.pid ?? '?'} for more than ${timeoutMs / 1000} s`);
    }
    await sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    if (readOwner(file)?.pid === me.pid) rmSync(file, { force: true });
  }
}

function tryTake(file: string, me: ProcessIdentity): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(file: string): ProcessIdentity | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<ProcessIdentity>;
    if (typeof owner.pid === 'number' && typeof owner.startTime === 'string') return { pid: owner.pid, startTime: owner.startTime };
  } catch {
    // Missing, or written by a holder that died before finishing it.
  }
  return undefined;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
