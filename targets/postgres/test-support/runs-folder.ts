import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';

// A runs folder per test that the postgres user can walk into (mkdtemp makes it private),
// removed afterwards even when the test fails, after checking that no server process and no
// shared memory segment of its runs is left behind.

/** Every data folder under `dir` (runs/<test>/<time>/nodes/<node>/data, templates too). */
function dataDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    if (entry.endsWith('postmaster.pid') || entry.endsWith('PG_VERSION')) found.push(join(dir, entry, '..'));
  }
  return [...new Set(found)];
}

/** Server processes whose command line names a folder under `dir`. */
export function serverProcessesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Shared memory segments named in the postmaster.pid files under `dir` that still exist. */
export function segmentsLeftUnder(dir: string): number[] {
  const ids = new Set<number>();
  for (const data of dataDirs(dir)) {
    const pidFile = join(data, 'postmaster.pid');
    if (!existsSync(pidFile)) continue;
    const id = Number((readFileSync(pidFile, 'utf8').split('\n')[6] ?? '').trim().split(/\s+/)[1]);
    if (Number.isInteger(id)) ids.add(id);
  }
  const table = readFileSync('/proc/sysvipc/shm', 'utf8').split('\n').slice(1);
  return table.map((line) => Number(line.trim().split(/\s+/)[1])).filter((id) => ids.has(id));
}

export function usePostgresRunsDir(prefix = 'faultline-pg-test-'): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      try {
        expect(serverProcessesUnder(dir), `server processes left running under ${dir}`).toEqual([]);
        expect(segmentsLeftUnder(dir), `shared memory segments left by servers under ${dir}`).toEqual([]);
      } finally {
        for (const pid of serverProcessesUnder(dir)) process.kill(pid, 'SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    chmodSync(dir, 0o755);
    dirs.push(dir);
    return dir;
  };
}
