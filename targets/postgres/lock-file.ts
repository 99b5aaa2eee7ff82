import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// postmaster.pid, the data folder's lock: line 1 the server's pid, line 7 its shared memory
// key and id; .s.PGSQL.<port>.lock, the unix socket's, starts with the pid too. A server
// killed with SIGKILL leaves both behind, which PostgreSQL handles itself, except when the
// dead server is still a zombie (its reaper has not come round yet) or its pid was reused:
// then the next start refuses with "lock file already exists".

export interface LockFile {
  pid: number;
  shmKey?: number;
  shmId?: number;
}

export function readLockFile(dataDir: string): LockFile | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const [key, id] = (lines[6] ?? '').trim().split(/\s+/).map(Number);
  return { pid, shmKey: Number.isInteger(key) ? key : undefined, shmId: Number.isInteger(id) ? id : undefined };
}

/** Whether `pid` is a live server process of this data folder (not a zombie, not a reused pid). */
export function serverAlive(pid: number, dataDir: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may itself contain spaces.
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir);
  } catch {
    return false;
  }
}

/** Removes the lock files of a server that is certainly gone; returns the files removed. */
export function removeStaleLockFiles(dataDir: string): string[] {
  const names = ['postmaster.pid', ...readdirSync(dataDir).filter((name) => /^\.s\.PGSQL\.\d+\.lock$/.test(name))];
  const removed: string[] = [];
  for (const name of names) {
    const file = join(dataDir, name);
    let pid: number;
    try {
      pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0 || serverAlive(pid, dataDir)) continue;
    rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}
