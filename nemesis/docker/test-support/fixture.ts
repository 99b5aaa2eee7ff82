import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterEach } from 'vitest';
import { DockerRuntime, type DockerRuntimeOptions } from '../../docker.js';
import { probeCommand } from '../../test-support/probe-client.js';
import { labelFilter } from '../labels.js';
import { removeRun } from '../remove-run.js';

// Every Docker runtime a test builds is stopped after the test, pass or fail; anything still
// labelled with its run is then removed (and reported as a failure), and its run folder deleted.

export type DockerFixtureOptions = Partial<DockerRuntimeOptions> & Pick<DockerRuntimeOptions, 'nodes'>;

export function dockerFixture(): { create(options: DockerFixtureOptions): Promise<DockerRuntime>; runDir(): string } {
  const runtimes: DockerRuntime[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    const stopped = await Promise.allSettled(runtimes.map((r) => r.stopAll()));
    const leftovers: string[] = [];
    const docker = new Docker();
    for (const runtime of runtimes.splice(0)) {
      const containers = await docker.listContainers({ all: true, filters: labelFilter(runtime.id) });
      const networks = await docker.listNetworks({ filters: labelFilter(runtime.id) });
      const { Volumes: volumes } = await docker.listVolumes({ filters: labelFilter(runtime.id) });
      if (containers.length + networks.length + (volumes ?? []).length > 0) {
        leftovers.push(`${runtime.id}: ${containers.length} containers, ${(volumes ?? []).length} volumes, ${networks.length} networks`);
      }
      await removeRun(docker, runtime.id);
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    const failure = stopped.find((s) => s.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
    if (leftovers.length > 0) throw new Error(`stopAll left Docker objects behind: ${leftovers.join('; ')}`);
  });
  const runDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-docker-test-'));
    dirs.push(dir);
    return dir;
  };
  return {
    runDir,
    async create(options) {
      const runtime = await DockerRuntime.create({ runDir: runDir(), command: (node) => probeCommand(node, 90_000), ...options });
      runtimes.push(runtime);
      return runtime;
    },
  };
}
