import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../harness/test-support/temp-dir.js';

const SCRIPT = fileURLToPath(new URL('./install-system-deps', import.meta.url));

/** Runs the script with nothing on PATH, so every command-probed package counts as missing. */
function withEmptyPath(...args: string[]) {
  return execa('/bin/bash', [SCRIPT, ...args], { env: { PATH: '/nonexistent' }, extendEnv: false, reject: false });
}

/** Runs the script with PATH holding only stand-in programs of these names (each exits 0). */
function withOnly(dir: string, commands: string[], ...args: string[]) {
  for (const command of commands) {
    const file = join(dir, command);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
  }
  return execa('/bin/bash', [SCRIPT, ...args], { env: { PATH: dir }, extendEnv: false, reject: false });
}

describe('scripts/install-system-deps installs only what is missing', () => {
  const tempDir = useTempDir('faultline-deps-');

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

  // This machine kind ships /usr/local/bin/docker with no daemon; counting the client as
  // Docker once left CI without dockerd.
  it('counts a docker client without dockerd as docker.io missing', async () => {
    const check = await withOnly(tempDir(), ['docker'], '--check');
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/missing: .*\bdocker\.io\b/);
    expect(check.stdout.match(/docker\.io/g)).toHaveLength(1);

    const dryRun = await withOnly(tempDir(), ['docker'], '--dry-run');
    expect(dryRun.stdout).toMatch(/apt-get install -y --no-install-recommends .*\bdocker\.io\b/);
  });

  it('counts docker.io present when the daemon, containerd, runc and the client are all there', async () => {
    const check = await withOnly(tempDir(), ['docker', 'dockerd', 'containerd', 'runc'], '--check');
    expect(check.stdout).toMatch(/missing: /);
    expect(check.stdout).not.toContain('docker.io');
  });

  it('counts redis-cli without redis-server as missing', async () => {
    const check = await withOnly(tempDir(), ['redis-cli'], '--check');
    expect(check.stdout).toMatch(/missing: .*\bredis-server\b/);
    expect(check.stdout).not.toMatch(/\bredis-tools\b/);
  });
});
