import { healLeftovers } from '../../nemesis/local.js';
import type { CliIo } from './io.js';

export function healCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'heal',
    describe: 'remove whatever killed runs left behind: node processes (frozen ones too), cgroups, network namespaces and their links, bridges, iptables chains, clock offsets, Docker containers and networks',
    builder: {},
    handler: async () => {
      const report = await healLeftovers();
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
      if (report.live.length) lines.push(`left alone (their harness is still running): ${report.live.map((l) => `${l.id} (pid ${l.ownerPid})`).join(', ')}`);
      if (docker.skipped) lines.push(`docker: skipped (${docker.skipped})`);
      else lines.push(`docker containers removed: ${docker.containers.length ? docker.containers.join(', ') : 'none'}`, `docker networks removed: ${docker.networks.length ? docker.networks.join(', ') : 'none'}`);
      if (docker.live.length) lines.push(`docker runs left alone (their harness is still running): ${docker.live.map((l) => `${l.run} (pid ${l.ownerPid})`).join(', ')}`);
      for (const problem of [...report.problems, ...docker.problems]) lines.push(`problem: ${problem}`);
      io.stdout.write(`${lines.join('\n')}\n`);
      setExit(report.problems.length || docker.problems.length ? 255 : 0);
    },
  };
}
