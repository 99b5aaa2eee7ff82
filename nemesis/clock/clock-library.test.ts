import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../core/errors.js';
import { buildClockLibrary } from './build.js';
import { CLOCK_FILE_VARIABLE, clockPreloadEnv, readClockOffset, writeClockOffset } from './offset-file.js';
import { createSeenFile, seenFileOf, seenMark, waitForSeen } from './seen-file.js';
import { buildTimePrograms } from './test-support/time-programs.js';

const hasCompiler = process.platform === 'linux' && !(await execa(process.env.CC || 'gcc', ['--version'], { reject: false })).failed;
if (!hasCompiler && process.env.CI === 'true') throw new Error('the clock library test needs a C compiler (gcc) on CI');
if (!hasCompiler) console.warn('skipping the clock library test: no C compiler');

const scratch = mkdtempSync(join(tmpdir(), 'faultline-clock-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `date`'s idea of now, in ms, under the library with the given offset file. */
async function dateUnder(library: string, offsetFile: string): Promise<number> {
  const env = clockPreloadEnv(library, offsetFile, {});
  const { stdout } = await execa('date', ['+%s%N'], { env });
  return Number(BigInt(stdout.trim()) / 1_000_000n);
}

describe('the offset file: signed nanoseconds, replaced atomically', () => {
  it('round-trips milliseconds, fractions and negatives, and refuses what is not a number', () => {
    const file = join(scratch, 'n1.offset');
    expect(readClockOffset(file)).toBe(0);
    writeClockOffset(file, -1500.25);
    expect(readClockOffset(file)).toBe(-1500.25);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(() => writeClockOffset(file, Infinity)).toThrow(/clock offset: Infinity ms is not a finite number/);
    writeFileSync(file, 'soon');
    expect(() => readClockOffset(file)).toThrow(/holds "soon", not an integer of nanoseconds/);
    expect(clockPreloadEnv('/lib/a.so', file, { LD_PRELOAD: '/lib/b.so' })).toEqual({ LD_PRELOAD: '/lib/a.so /lib/b.so', [CLOCK_FILE_VARIABLE]: file });
  });
});

describe.skipIf(!hasCompiler)('the clock library shifts the wall clock of any dynamically linked program', () => {
  it('is compiled once into the cache folder', async () => {
    const library = await buildClockLibrary();
    expect(library).toMatch(/libfaultline-clock-[0-9a-f]{16}\.so$/);
    expect(existsSync(library)).toBe(true);
    expect(await buildClockLibrary()).toBe(library);
  });

  it('adds the offset in the file, and nothing when the file is missing or unreadable', async () => {
    const library = await buildClockLibrary();
    const file = join(scratch, 'date.offset');
    const trueNow = () => Date.now();

    writeClockOffset(file, 3_600_000);
    let before = trueNow();
    let seen = await dateUnder(library, file);
    expect(seen - before).toBeGreaterThanOrEqual(3_600_000);
    expect(seen - trueNow()).toBeLessThanOrEqual(3_600_000);

    writeClockOffset(file, -86_400_000);
    before = trueNow();
    seen = await dateUnder(library, file);
    expect(seen - before).toBeGreaterThanOrEqual(-86_400_000);
    expect(seen - trueNow()).toBeLessThanOrEqual(-86_400_000);

    for (const content of [undefined, 'garbage\n']) {
      rmSync(file, { force: true });
      if (content) writeFileSync(file, content);
      before = trueNow();
      seen = await dateUnder(library, file);
      expect(seen).toBeGreaterThanOrEqual(before);
      expect(seen).toBeLessThanOrEqual(trueNow());
    }
  });

  it('records in <offset file>.seen each process that starts using a new offset, and nothing for a program it cannot reach', async () => {
    const library = await buildClockLibrary();
    const file = join(scratch, 'seen.offset');
    const seen = seenFileOf(file);
    createSeenFile(seen);
    expect(statSync(seen).mode & 0o777).toBe(0o666);
    writeClockOffset(file, 0);
    await dateUnder(library, file);
    // An offset of 0 from the start is nothing new to report.
    expect(readFileSync(seen, 'utf8')).toBe('');
    writeClockOffset(file, 2_500);
    const mark = seenMark(seen);
    await dateUnder(library, file);
    expect(await waitForSeen(seen, 2_500, mark, 1_000)).toEqual(expect.any(Number));
    expect(readFileSync(seen, 'utf8')).toMatch(/^[0-9]+ 2500000000\n$/);
    // A statically linked program never loads the library, so it never reports.
    const programs = await buildTimePrograms();
    try {
      const env = clockPreloadEnv(library, file, {});
      const before = seenMark(seen);
      const child = execa(programs.staticLibc, [], { env, reject: false });
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGKILL');
      await child;
      expect(await waitForSeen(seen, 2_500, before, 200)).toBeUndefined();
      expect(seenMark(seen)).toBe(before);
    } finally {
      programs.remove();
    }
  });

  it('without a compiler, says which one is missing and how to get it', async () => {
    const saved = { CC: process.env.CC, cache: process.env.FAULTLINE_CACHE_DIR };
    process.env.CC = '/nonexistent/faultline-cc';
    process.env.FAULTLINE_CACHE_DIR = join(scratch, 'empty-cache');
    try {
      const attempt = buildClockLibrary();
      await expect(attempt).rejects.toBeInstanceOf(FaultlineError);
      await expect(attempt).rejects.toThrow(/no C compiler "\/nonexistent\/faultline-cc" .* scripts\/install-system-deps/);
    } finally {
      for (const [key, value] of [
        ['CC', saved.CC],
        ['FAULTLINE_CACHE_DIR', saved.cache],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
