import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { checkerNames } from '../../checkers/registry.js';
import { runCheckers } from '../check.js';
import { FaultlineError } from '../errors.js';
import { readHistoryFile } from '../history-file.js';
import { junitXml } from '../junit.js';
import { exitCodeForValidity } from './exit-codes.js';
import type { CliIo } from './io.js';
import { printAnomalies } from './print-anomalies.js';
import { printVerdicts } from './print-verdicts.js';

const OWN_OPTIONS = new Set(['_', '$0', 'file', 'checker', 'json', 'junit', 'independent']);

export function checkCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'check <file>',
    describe: 'check a history file (faultline JSONL or Jepsen EDN) with a named checker',
    builder: (y: Argv) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'history.jsonl or history.edn' })
        .option('checker', { type: 'string', array: true, demandOption: true, describe: `checker(s): ${checkerNames().join(', ')}` })
        .option('json', { type: 'boolean', describe: 'print the result object as JSON on stdout' })
        .option('junit', { type: 'string', describe: 'write JUnit XML to this file' })
        .option('independent', { type: 'boolean', describe: 'EDN: values are Jepsen independent [key value] tuples (default: detect)' })
        .strictOptions(false)
        .epilogue('Any other --option is passed to the checker, e.g. --model cas-register --initial 0 --timeout 60s.'),
    handler: async (argv: Record<string, unknown>) => {
      const file = String(argv.file);
      const names = (argv.checker as string[]).flatMap((c) => c.split(',')).filter(Boolean);
      const unknown = names.filter((n) => !checkerNames().includes(n));
      if (unknown.length) {
        throw new FaultlineError('BAD_ARGUMENT', `--checker: no checker named ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${checkerNames().join(', ')})`);
      }
      const options = checkerOptions(argv);
      const { history, warnings } = await readHistoryFile(file, argv.independent === undefined ? {} : { independent: Boolean(argv.independent) });
      for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
      const started = Date.now();
      const results = await runCheckers(history, names.map((checker) => ({ checker, options })));
      if (argv.junit) await writeFile(String(argv.junit), junitXml(file, results, (Date.now() - started) / 1000));
      if (argv.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else {
        io.stdout.write(`${file}: ${history.length} events\n`);
        printVerdicts(io.stdout, results);
        printAnomalies(io.stdout, results);
      }
      setExit(exitCodeForValidity(results.valid));
    },
  };
}

/** Flags the check command does not own, camelCased, become checker options. */
function checkerOptions(argv: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(argv)) {
    if (OWN_OPTIONS.has(key) || key.includes('-')) continue;
    options[key] = value;
  }
  return options;
}
