import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHistoryJsonl } from '../../core/history-reader.js';
import { main } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { useTempDir } from '../test-support/temp-dir.js';

const tempDir = useTempDir();

describe('faultline test against the in-memory target', () => {
  it('writes a complete run folder and exits 0', async () => {
    const cwd = tempDir();
    const io = captureIo(cwd);
    const code = await main(['test', '--target', 'memory', '--time-limit', '2', '--rate', '300', '--seed', '77', '--concurrency', '4'], io);
    expect(io.err()).not.toMatch(/faultline:/);
    const runDir = realpathSync(join(cwd, 'runs', 'latest'));
    expect(runDir).toMatch(/runs\/memory-register\/\d{8}T\d{6}/);
    const test = JSON.parse(readFileSync(join(runDir, 'test.json'), 'utf8'));
    expect(test.config).toMatchObject({ seed: 77, target: 'memory', workload: 'register', concurrency: 4, timeLimit: 2000 });
    const { history } = parseHistoryJsonl(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
    expect(history.length).toBeGreaterThan(500);
    const invokes = history.filter((o) => o.type === 'invoke').length;
    expect(history.length).toBe(invokes * 2);
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    expect(results.checkers.stats.valid).toBe(true);
    expect(existsSync(join(runDir, 'harness.log'))).toBe(true);
    expect(code).toBe(results.valid === true ? 0 : results.valid === false ? 1 : 2);
    expect(io.out()).toContain('verdict:');
  });

  it('prints the result object with --json, its top-level valid the composed verdict', async () => {
    const cwd = tempDir();
    const io = captureIo(cwd);
    const code = await main(['test', '--target', 'memory', '--time-limit', '1', '--json', '--junit', join(cwd, 'junit.xml')], io);
    const result = JSON.parse(io.out());
    expect(result).toHaveProperty('valid');
    expect(result.checkers).toHaveProperty('stats');
    expect(code).toBe(result.valid === true ? 0 : result.valid === false ? 1 : 2);
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toMatch(/<testcase classname="[^"]*" name="stats">/);
  });

  it('the same seed issues the same sequence of operations', async () => {
    const ops = async () => {
      const cwd = tempDir();
      await main(['test', '--target', 'memory', '--time-limit', '1', '--rate', '300', '--seed', '5', '--concurrency', '1'], captureIo(cwd));
      const { history } = parseHistoryJsonl(readFileSync(join(cwd, 'runs', 'latest', 'history.jsonl'), 'utf8'));
      return history
        .filter((o) => o.type === 'invoke')
        .slice(0, 100)
        .map((o) => [o.f, o.key, o.value]);
    };
    const [a, b] = [await ops(), await ops()];
    expect(a.length).toBe(100);
    expect(b).toEqual(a);
  });

  it('rejects a bad flag value with exit 254, naming the field and the value', async () => {
    const io = captureIo(tempDir());
    expect(await main(['test', '--target', 'memory', '--time-limit', 'soon'], io)).toBe(254);
    expect(io.err()).toMatch(/timeLimit.*"soon"/);
  });

  it('rejects an unknown flag and an unknown target with exit 254', async () => {
    const io = captureIo(tempDir());
    expect(await main(['test', '--target', 'memory', '--bogus-flag'], io)).toBe(254);
    expect(io.err()).toMatch(/bogus-flag/);
    const io2 = captureIo(tempDir());
    expect(await main(['test', '--target', 'cassandra'], io2)).toBe(254);
    expect(io2.err()).toMatch(/no bundled target "cassandra"/);
  });

  it('reads settings from faultline.config.json, with flags taking precedence', async () => {
    const cwd = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cwd, 'faultline.config.json'), JSON.stringify({ target: 'memory', timeLimit: '1s', concurrency: 2, name: 'from-config' }));
    await main(['test', '--concurrency', '3'], captureIo(cwd));
    const test = JSON.parse(readFileSync(join(cwd, 'runs', 'latest', 'test.json'), 'utf8'));
    expect(test.config).toMatchObject({ name: 'from-config', concurrency: 3, timeLimit: 1000 });
  });

  it('names the bad field of a config file', async () => {
    const cwd = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cwd, 'faultline.config.json'), JSON.stringify({ target: 'memory', concurency: 2 }));
    const io = captureIo(cwd);
    expect(await main(['test'], io)).toBe(254);
    expect(io.err()).toMatch(/unknown field\(s\) "concurency"/);
  });

  it('puts runs in an absolute --runs-dir as given', async () => {
    const cwd = tempDir();
    const elsewhere = tempDir();
    await main(['test', '--target', 'memory', '--time-limit', '1', '--runs-dir', elsewhere], captureIo(cwd));
    expect(existsSync(join(elsewhere, 'latest', 'results.json'))).toBe(true);
  });
});
