import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';

/** How to run the CLI from sources in a child process, as a user runs bin/faultline. */
export function cliCommand(args: string[]): [string, string[]] {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
  return [process.execPath, ['--import', tsxLoader, cli, ...args]];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_CLI = join(ROOT, 'dist', 'harness', 'cli.js');
const SOURCE_DIRS = ['harness', 'checkers', 'targets', 'nemesis', 'reports'];

/**
 * How to run the built CLI (bin/faultline.js over dist/) in a child process, exactly as a user
 * runs it after `npm ci`. Call `ensureBuilt()` first (in a beforeAll): it rebuilds dist/ when a
 * source file is newer, so a test never runs yesterday's build.
 */
export function builtCliCommand(args: string[]): [string, string[]] {
  return [process.execPath, [join(ROOT, 'bin', 'faultline.js'), ...args]];
}

export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, 'dist.build-lock');
  // Test files run in parallel: one builds, the others wait for it.
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) throw new Error(`${lock} has been held for 3 minutes; remove it if no build is running`);
      await sleep(200);
    }
  }
  try {
    if (existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs >= newestSource()) return;
    await execa('npm', ['run', 'build'], { cwd: ROOT });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'test-support') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir));
  return newest;
}
