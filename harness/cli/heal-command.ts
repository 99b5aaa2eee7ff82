import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { healLeftovers } from '../../nemesis/local.js';
import { bundledTargets } from '../../targets/registry.js';
import { hasLeftovers } from '../../core/target.js';
import { errorMessage } from '../../core/errors.js';
import type { CliIo } from './io.js';

export function healCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'heal',
    describe:
      'remove whatever killed runs left behind: node processes (frozen ones too), cgroups, network namespaces and their links, bridges, iptables chains, clock offsets, shared memory, Docker containers, volumes and networks (of the engine DOCKER_HOST names)',
    builder: {},
    handler: async () => {
      const report = await healLeftovers();
      const targets = await healTargetLeftovers(report.runDirs);
      // Loaded here, not at the top: dockerode is slow to load and no other command needs it.
      const { healDockerLeftovers } = await import('../../nemesis/docker.js');
      const docker = await healDockerLeftovers();
      const lines = [
        `runtimes cleaned: ${report.runtimes.length ? report.runtimes.join(', ') : 'none'}`,
        `processes killed: ${report.killed.length ? report.killed.join(', ') : 'none'}`,
        `iptables chains removed: ${report.chains.length ? report.chains.join(', ') : 'none'}`,
        `network namespaces removed (with their links): ${report.namespaces.length ? report.namespaces.join(', ') : 'none'}`,
        `bridges removed: ${report.bridges.length ? report.bridges.join(', ') : 'none'}`,
        `links removed by name: ${report.links.length ? report.links.join(', ') : 'none'}`,
        `cgroups removed: ${report.cgroups.length ? report.cgroups.join(', ') : 'none'}`,
        `clock offsets reset: ${report.clocks.length ? report.clocks.join(', ') : 'none'}`,
      ];
      if (targets.removed.length) lines.push(...targets.removed.map((r) => `left by the target: ${r}`));
      if (report.live.length) lines.push(`left alone (their harness is still running): ${report.live.map((l) => `${l.id} (pid ${l.ownerPid})`).join(', ')}`);
      if (docker.skipped) lines.push(`docker: skipped (${docker.skipped})`);
      else {
        lines.push(
          `docker containers removed: ${docker.containers.length ? docker.containers.join(', ') : 'none'}`,
          `docker volumes removed: ${docker.volumes.length ? docker.volumes.join(', ') : 'none'}`,
          `docker networks removed: ${docker.networks.length ? docker.networks.join(', ') : 'none'}`,
        );
      }
      if (docker.live.length) {
        lines.push(
          `docker runs left alone (their harness is still running, or runs on another machine): ${docker.live.map((l) => `${l.run} (pid ${l.ownerPid}${l.host ? ` on ${l.host}` : ''})`).join(', ')}`,
        );
      }
      const problems = [...report.problems, ...targets.problems, ...docker.problems];
      for (const problem of problems) lines.push(`problem: ${problem}`);
      io.stdout.write(`${lines.join('\n')}\n`);
      setExit(problems.length ? 255 : 0);
    },
  };
}

/**
 * What the targets of dead runs left that no runtime knows of (PostgreSQL's shared memory): each
 * run folder's test.json names its target, and a bundled target that can clean up does.
 */
async function healTargetLeftovers(runDirs: readonly string[]): Promise<{ removed: string[]; problems: string[] }> {
  const removed: string[] = [];
  const problems: string[] = [];
  for (const runDir of runDirs) {
    let name: unknown;
    try {
      name = (JSON.parse(await readFile(join(runDir, 'test.json'), 'utf8')) as { config?: { target?: unknown } }).config?.target;
    } catch {
      continue;
    }
    const target = bundledTargets().find((t) => t.name === name);
    if (!target || !hasLeftovers(target)) continue;
    try {
      removed.push(...(await target.healLeftovers(runDir)).map((what) => `${runDir}: ${what}`));
    } catch (err) {
      problems.push(`${runDir} (${target.name}): ${errorMessage(err)}`);
    }
  }
  return { removed, problems };
}
