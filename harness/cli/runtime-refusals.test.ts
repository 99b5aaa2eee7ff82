import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliCommand } from '../test-support/cli-process.js';
import { useTempDir } from '../test-support/temp-dir.js';

// A target or option the chosen runtime cannot carry is refused before anything starts: exit 254,
// one sentence saying what and why, no stack trace, no run folder. Run as a user types it.

const tempDir = useTempDir();
const USER_TARGET = new URL('../../nemesis/docker/test-support/user-target/redis-register.ts', import.meta.url).pathname;

async function refused(args: string[], env: Record<string, string> = {}): Promise<{ line: string; cwd: string }> {
  const cwd = tempDir();
  const [node, argv] = cliCommand(['test', ...args]);
  const result = await execa(node, argv, { cwd, reject: false, timeout: 60_000, env });
  expect(result.exitCode, result.stderr).toBe(254);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return { line: lines[0], cwd };
}

describe('--runtime docker refuses what it cannot carry', () => {
  it('a target that runs in-process', async () => {
    const { line, cwd } = await refused(['--target', 'memory', '--runtime', 'docker']);
    expect(line).toBe(
      'faultline: runtime: target memory cannot run on --runtime docker: it runs in-process and has no nodes, so there is nothing to put in containers',
    );
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('a target pointed at servers that already run', async () => {
    const { line } = await refused(['--target', 'postgres', '--pg-url', 'postgres://auditor@127.0.0.1/db', '--runtime', 'docker']);
    expect(line).toMatch(/^faultline: runtime: target postgres cannot run on --runtime docker: with these options it starts no nodes/);
  });

  it('a user target that does not declare what its nodes need inside a container', async () => {
    const { line, cwd } = await refused(['--target', USER_TARGET, '--runtime', 'docker'], { REDIS_REGISTER_NO_CONTAINER: '1' });
    expect(line).toBe(
      "faultline: runtime: target redis-register cannot run on --runtime docker: it does not declare what its nodes need inside a container (ClusterSpec.container; see the README's Docker section)",
    );
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('an audit of a database that already runs', async () => {
    const cwd = tempDir();
    const [node, argv] = cliCommand(['audit', 'postgres', '--pg-url', 'postgres://auditor@127.0.0.1/db', '--runtime', 'docker']);
    const result = await execa(node, argv, { cwd, reject: false, timeout: 60_000 });
    expect(result.exitCode).toBe(254);
    expect(result.stderr.trim()).toBe('faultline: runtime: --pg-url audits a database that already runs; there is no server to put on the docker runtime');
  });
});
