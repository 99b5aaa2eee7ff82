import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeReport } from '../../reports/index.js';
import type { CliIo } from './io.js';

export function reportCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'report <run-dir>',
    describe: 'write (or rewrite) report.html for a run folder',
    builder: (y: Argv) => y.positional('run-dir', { type: 'string', demandOption: true, describe: 'a run folder, e.g. runs/latest' }),
    handler: async (argv: Record<string, unknown>) => {
      // runs/latest is a link that moves on: the report names the run folder it points at now.
      const given = resolve(io.cwd, String(argv.runDir ?? argv['run-dir']));
      const path = await writeReport(await realpath(given).catch(() => given));
      io.stdout.write(`${path}\n`);
      setExit(0);
    },
  };
}
