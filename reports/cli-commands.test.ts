import { PassThrough } from 'node:stream';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../harness/cli.js';
import type { CliIo } from '../harness/cli/io.js';
import { makeRunFolder, registerRun, type TempRunFolder } from './test-support/index.js';

// `faultline report RUN_DIR` and `faultline serve`, as a user runs them.

function captureIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, cwd, handleSignals: false, out: () => out, err: () => err };
}

const repo = join(import.meta.dirname, '..');

describe('the report and serve commands', () => {
  let folder: TempRunFolder | undefined;
  afterEach(async () => {
    await folder?.remove();
    folder = undefined;
  });

  it('report writes report.html for a run folder and prints its path', async () => {
    const { history, results } = await registerRun({ operations: 50 });
    folder = await makeRunFolder({ history, results });
    const io = captureIo(folder.root);
    const code = await main(['report', 'fixture/20260102T030405'], io);
    expect(code).toBe(0);
    expect(io.out().trim()).toBe(join(folder.dir, 'report.html'));
    expect(existsSync(join(folder.dir, 'report.html'))).toBe(true);
  });

  it('report on a folder that does not exist is a bad argument (254)', async () => {
    const io = captureIo(repo);
    expect(await main(['report', '/nonexistent/run'], io)).toBe(254);
    expect(io.err()).toContain('not a directory');
  });

  it('serve lists the runs folder on loopback and stops on SIGTERM', async () => {
    const { history, results } = await registerRun({ operations: 50 });
    folder = await makeRunFolder({ history, results });
    const child = execa('node', ['--import', 'tsx', join(repo, 'harness/cli.ts'), 'serve', '--port', '0', '--runs-dir', folder.root], {
      cwd: repo,
      reject: false,
      timeout: 60_000,
    });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let seen = '';
        child.stdout?.on('data', (c: Buffer) => {
          seen += c.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
          if (m) ok(m[1]);
        });
        void child.then((r) => fail(new Error(`serve exited early: ${r.stderr}`)));
      });
      const page = await (await fetch(url)).text();
      expect(page).toContain('fixture');
    } finally {
      child.kill('SIGTERM');
    }
    const result = await child;
    expect(result.exitCode).toBe(0);
  });
});
