import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./install-system-deps', import.meta.url));

/** Runs the script with nothing on PATH, so every command-probed package counts as missing. */
function withEmptyPath(...args: string[]) {
  return execa('/bin/bash', [SCRIPT, ...args], { env: { PATH: '/nonexistent' }, extendEnv: false, reject: false });
}

describe('scripts/install-system-deps installs only what is missing', () => {
  it('is valid bash', async () => {
    expect((await execa('bash', ['-n', SCRIPT], { reject: false })).exitCode).toBe(0);
  });

  it('lists what it would install, and --check fails when something is missing', async () => {
    const dryRun = await withEmptyPath('--dry-run');
    expect(dryRun.exitCode).toBe(0);
    expect(dryRun.stdout).toMatch(/would run: apt-get update && apt-get install -y --no-install-recommends .*iptables/);
    for (const pkg of ['iproute2', 'faketime', 'gcc', 'redis-server', 'docker.io', 'chromium']) expect(dryRun.stdout).toContain(pkg);

    const check = await withEmptyPath('--check');
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/missing: iptables/);
  });

  it('rejects an unknown option by name', async () => {
    const result = await withEmptyPath('--yes');
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain("unknown option '--yes'");
  });
});
