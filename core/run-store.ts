import { mkdir, readdir, readFile, rename, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

// The run folder of DESIGN.md: runs/<test-name>/<YYYYMMDDTHHMMSS>/ and runs/latest.

export function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/** Test names become folder names: keep them to a safe alphabet. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned || 'test';
}

/** Creates a fresh run folder and points runs/latest at it. */
export async function createRunDir(runsDir: string, testName: string, now = new Date()): Promise<string> {
  const parent = join(runsDir, safeName(testName));
  await makeFolders(parent);
  const base = join(parent, timestamp(now));
  let dir = base;
  // Two runs started within one second get -2, -3, … rather than sharing a folder.
  for (let n = 2; ; n++) {
    try {
      await mkdir(dir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      dir = `${base}-${n}`;
    }
  }
  await mkdir(join(dir, 'nodes'), { recursive: true });
  await pointLatest(runsDir, dir);
  return dir;
}

/**
 * mkdir -p that reports the real reason: Node's recursive mkdir answers ENOENT where the
 * file system is read-only, so the last step is retried alone to get EROFS (or EACCES).
 */
async function makeFolders(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(path);
  }
}

/** Replaces runs/latest atomically (a symlink renamed over the old one). */
async function pointLatest(runsDir: string, dir: string): Promise<void> {
  const latest = join(runsDir, 'latest');
  const tmp = `${latest}.${process.pid}.tmp`;
  await unlink(tmp).catch(() => undefined);
  await symlink(relative(runsDir, dir), tmp);
  await rename(tmp, latest);
}

/** Writes JSON atomically; a write that fails (disk full) leaves no .tmp file behind. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export interface RunSummary {
  dir: string;
  test: string;
  stamp: string;
  valid: boolean | 'unknown' | undefined;
}

/** Every run folder under runsDir, newest first, with its verdict when results.json exists. */
export async function listRuns(runsDir: string): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  const tests = await readdir(runsDir, { withFileTypes: true }).catch(() => []);
  for (const test of tests) {
    if (!test.isDirectory()) continue;
    const testDir = join(runsDir, test.name);
    // Another process may remove runs while we scan (a test's cleanup, a user's rm): skip them.
    for (const stamp of await readdir(testDir).catch(() => [])) {
      const dir = join(testDir, stamp);
      if (!(await stat(dir).catch(() => undefined))?.isDirectory()) continue;
      const results = await readJson<{ valid?: boolean | 'unknown' }>(join(dir, 'results.json')).catch(() => undefined);
      runs.push({ dir, test: test.name, stamp, valid: results?.valid });
    }
  }
  return runs.sort((a, b) => b.stamp.localeCompare(a.stamp) || a.test.localeCompare(b.test));
}
