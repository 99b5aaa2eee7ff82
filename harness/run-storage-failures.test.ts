import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHistoryJsonl } from '../core/history-reader.js';
import { builtCliCommand } from './test-support/cli-process.js';
import { useTempDir } from './test-support/temp-dir.js';

// A run whose folder fills up, or cannot be written at all, stops with exit 255 and one
// sentence naming the file and what was kept (never exit 1, which means INVALID); a report
// that cannot be written is said on the terminal and leaves no .tmp file. The disk is a tiny
// tmpfs mounted by the test (as root) and unmounted after it, even when the test fails.
// (Linux refuses to remount a file system read-only while a file on it is open for writing,
// so "read-only during the run" cannot happen to the history; read-only is tested at start.)

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('these tests mount a tmpfs and need root; CI runs as root');

const tempDir = useTempDir();
const mounts: string[] = [];
const children: ResultPromise[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await sleep(100);
  for (const mount of mounts.splice(0)) await execa('umount', ['-l', mount], { reject: false });
});

async function tinyDisk(size: string): Promise<string> {
  const dir = join(tempDir(), 'disk');
  mkdirSync(dir);
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

async function run(args: string[], cwd: string): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const [node, argv] = builtCliCommand(['test', '--target', 'memory', ...args]);
  const child = execa(node, argv, { cwd, reject: false, timeout: 120_000 });
  children.push(child);
  const { exitCode, stdout, stderr } = await child;
  return { exitCode, stdout: String(stdout), stderr: String(stderr) };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe.skipIf(!isRoot)('a run whose folder cannot be written', () => {
  it('disk full while recording: exit 255, one sentence naming history.jsonl and what was kept, a readable prefix', async () => {
    const disk = await tinyDisk('256k');
    const result = await run(['--time-limit', '60', '--rate', '0', '--concurrency', '4', '--runs-dir', disk], tempDir());
    expect(result.exitCode, result.stderr).toBe(255);
    const sentence = lastLine(result.stderr);
    expect(sentence).toMatch(
      new RegExp(
        `^faultline: could not write ${disk}/memory-register/[0-9T-]+/history\\.jsonl: no space left on device \\(ENOSPC\\); kept test\\.json and the first (\\d+) of (\\d+) operations in history\\.jsonl; the run was stopped there and not checked$`,
      ),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const kept = Number(/the first (\d+) of/.exec(sentence)![1]);
    expect(kept).toBeGreaterThan(100);
    const runDir = realpathSync(join(disk, 'latest'));
    const { history } = parseHistoryJsonl(readFileSync(join(runDir, 'history.jsonl'), 'utf8'), { file: 'history.jsonl' });
    expect(history.length).toBeGreaterThanOrEqual(kept);
    expect(filesUnder(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a report that does not fit: the verdict stands, the terminal says the report could not be written, no .tmp is left', async () => {
    // Room for test.json, a short history and results.json (a few pages), not for a 50 KB report.
    const disk = await tinyDisk('36k');
    const result = await run(['--time-limit', '1', '--rate', '5', '--concurrency', '2', '--nemesis', 'none', '--runs-dir', disk], tempDir());
    expect([0, 1, 2], result.stderr).toContain(result.exitCode);
    const runDir = realpathSync(join(disk, 'latest'));
    expect(existsSync(join(runDir, 'results.json'))).toBe(true);
    expect(existsSync(join(runDir, 'report.html'))).toBe(false);
    expect(result.stderr).toContain(`warning: could not write ${runDir}/report.html: no space left on device (ENOSPC); the verdict is in results.json`);
    expect(result.stdout).toMatch(/verdict: (valid|INVALID|unknown)/);
    expect(filesUnder(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a runs folder that cannot be created: exit 255 saying nothing was kept', async () => {
    const disk = await tinyDisk('1m');
    mkdirSync(join(disk, 'runs'));
    await execa('mount', ['-o', 'remount,ro', disk]);
    const result = await run(['--time-limit', '1', '--runs-dir', join(disk, 'runs')], tempDir());
    expect(result.exitCode, result.stderr).toBe(255);
    expect(lastLine(result.stderr)).toBe(
      `faultline: could not write ${join(disk, 'runs', 'memory-register')}: the file system is read-only (EROFS); nothing was kept: the run did not start`,
    );
  });
});
