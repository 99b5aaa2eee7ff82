import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { builtCliCommand } from './test-support/cli-process.js';
import { useTempDir } from './test-support/temp-dir.js';

// Ctrl-C during a run: the run stops, heals, checks what was recorded, and says when it was
// interrupted, in the same words, on the terminal, in results.json and in the report banner.

const tempDir = useTempDir();
const children: ResultPromise[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('a run interrupted with SIGINT (the built CLI in a child process)', () => {
  it('says "interrupted at N s of 60 s" on the terminal, in results.json and in the report banner', async () => {
    const cwd = tempDir();
    const [node, args] = builtCliCommand(['test', '--target', 'memory', '--time-limit', '60', '--rate', '100', '--concurrency', '4']);
    const child = execa(node, args, { cwd, reject: false, timeout: 120_000 });
    children.push(child);
    const history = join(cwd, 'runs', 'latest', 'history.jsonl');
    for (let waited = 0; waited < 30_000 && !(existsSync(history) && readFileSync(history, 'utf8').split('\n').length > 50); waited += 100) await sleep(100);
    await sleep(1500);
    child.kill('SIGINT');
    const result = await child;

    // The memory register is correct: what was recorded is valid, but a run stopped early is unknown (2).
    expect(result.exitCode, result.stderr).toBe(2);
    const said = /SIGINT: (interrupted at (\d+) s of 60 s); healing faults and checking what was recorded/.exec(result.stderr);
    expect(said, result.stderr).not.toBeNull();
    const [, words, seconds] = said!;
    expect(Number(seconds)).toBeGreaterThanOrEqual(1);
    expect(Number(seconds)).toBeLessThan(40);
    expect(result.stdout).toContain(`${words} (Ctrl-C): only what was recorded until then was checked`);

    const runDir = realpathSync(join(cwd, 'runs', 'latest'));
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    expect(results.interrupted).toBe(words);
    const report = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(report).toMatch(new RegExp(`<p class="problem" data-interrupted><b>I${words.slice(1)}</b> \\(Ctrl-C\\)`));
  });
});
