import { healLeftovers } from '../../nemesis/local.js';
import type { CliIo } from './io.js';

export function healCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'heal',
    describe: 'remove whatever killed runs left behind: iptables chains, stopped or orphaned node processes, clock offsets',
    builder: {},
    handler: async () => {
      const report = await healLeftovers();
      const lines = [
        `runtimes cleaned: ${report.runtimes.length ? report.runtimes.join(', ') : 'none'}`,
        `processes killed: ${report.killed.length ? report.killed.join(', ') : 'none'}`,
        `iptables chains removed: ${report.chains.length ? report.chains.join(', ') : 'none'}`,
        `clock offsets reset: ${report.clocks.length ? report.clocks.join(', ') : 'none'}`,
      ];
      if (report.live.length) lines.push(`left alone (their harness is still running): ${report.live.map((l) => `${l.id} (pid ${l.ownerPid})`).join(', ')}`);
      for (const problem of report.problems) lines.push(`problem: ${problem}`);
      io.stdout.write(`${lines.join('\n')}\n`);
      setExit(report.problems.length ? 255 : 0);
    },
  };
}
