import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHistoryJsonl } from '../core/history-reader.js';
import { cliCommand } from './test-support/cli-process.js';
import { useTempDir } from './test-support/temp-dir.js';

const tempDir = useTempDir();
const children: { kill: (signal: NodeJS.Signals) => boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('a harness killed with SIGKILL mid-run', () => {
  it('leaves a readable, checkable history prefix', async () => {
    const cwd = tempDir();
    const [node, args] = cliCommand(['test', '--target', 'memory', '--time-limit', '60', '--rate', '2000', '--concurrency', '8']);
    const child = execa(node, args, { cwd, reject: false });
    children.push(child);
    const history = join(cwd, 'runs', 'latest', 'history.jsonl');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (existsSync(history) && readFileSync(history, 'utf8').split('\n').length > 2_000) break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    const result = await child;
    expect(result.signal).toBe('SIGKILL');

    const text = readFileSync(realpathSync(history), 'utf8');
    const { history: ops } = parseHistoryJsonl(text, { file: history });
    expect(ops.length).toBeGreaterThan(2_000);
    expect(existsSync(join(cwd, 'runs', 'latest', 'results.json'))).toBe(false);

    const [node2, args2] = cliCommand(['check', history, '--checker', 'stats', '--json']);
    const check = await execa(node2, args2, { cwd, reject: false });
    expect(JSON.parse(check.stdout).checkers.stats.count).toBeGreaterThan(1_000);
  });
});
