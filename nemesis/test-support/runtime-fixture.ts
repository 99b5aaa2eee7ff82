import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { LocalRuntime, type LocalRuntimeOptions } from '../local.js';
import { probeCommand } from './probe-client.js';

// Every runtime a test builds is stopped after the test, pass or fail, and its run folder removed.

export type FixtureOptions = Partial<LocalRuntimeOptions> & Pick<LocalRuntimeOptions, 'nodes'>;

export function runtimeFixture(): { create(options: FixtureOptions): LocalRuntime; runDir(): string } {
  const runtimes: LocalRuntime[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    const stopped = await Promise.allSettled(runtimes.splice(0).map((r) => r.stopAll()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    const failure = stopped.find((s) => s.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
  });
  const runDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-test-'));
    dirs.push(dir);
    return dir;
  };
  return {
    runDir,
    create(options) {
      const runtime = new LocalRuntime({ runDir: runDir(), command: (node) => probeCommand(node), ...options });
      runtimes.push(runtime);
      return runtime;
    },
  };
}
