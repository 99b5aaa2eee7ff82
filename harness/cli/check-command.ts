import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { checkerNames, type CheckerCatalog } from '../../checkers/registry.js';
import { commandLineValue, flagName, optionName } from '../../core/checker-options.js';
import type { Checker } from '../../core/verdict.js';
import type { CheckerSpec } from '../../core/target.js';
import { runCheckers, validateCheckerSpecs } from '../check.js';
import { loadCheckers, resolveModelPaths } from '../user-checkers.js';
import { FaultlineError } from '../../core/errors.js';
import { readHistoryFile } from '../../core/history-file.js';
import { junitXml } from '../junit.js';
import { checkerOptionFlags, checkerOptionsHelp } from './checker-flags.js';
import { exitCodeForValidity } from './exit-codes.js';
import type { CliIo } from './io.js';
import { printAnomalies } from './print-anomalies.js';
import { printVerdicts } from './print-verdicts.js';

const OWN_OPTIONS = new Set(['_', '$0', 'file', 'checker', 'json', 'junit', 'independent', 'help', 'version']);

export function checkCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'check <file>',
    describe: 'check a history file (faultline JSONL or Jepsen EDN) with a named checker',
    builder: (y: Argv) => {
      let out = y
        .positional('file', { type: 'string', demandOption: true, describe: 'history.jsonl or history.edn' })
        .option('checker', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: `checker(s), repeated or comma-separated: ${checkerNames().join(', ')}, or the path of a module exporting your own Checker`,
        })
        .option('json', { type: 'boolean', describe: 'print the result object as JSON on stdout' })
        .option('junit', { type: 'string', describe: 'write JUnit XML to this file' })
        .option('independent', { type: 'boolean', describe: 'EDN: values are Jepsen independent [key value] tuples (default: detect)' });
      // Every checker's options, declared so yargs neither coerces nor refuses them; the
      // handler routes each to the named checkers that take it. Listed per checker below.
      for (const [flag, kind] of checkerOptionFlags()) out = out.option(flag, { type: kind, hidden: true });
      return out.epilogue(checkerOptionsHelp());
    },
    handler: async (argv: Record<string, unknown>) => {
      const file = String(argv.file);
      const given = [
        ...new Set(
          (argv.checker as string[])
            .flatMap((c) => c.split(','))
            .map((c) => c.trim())
            .filter(Boolean),
        ),
      ];
      const { names, catalog } = await loadCheckers(given, io.cwd);
      const unknown = names.filter((n) => !catalog.find(n));
      if (unknown.length) {
        throw new FaultlineError(
          'BAD_ARGUMENT',
          `--checker: no checker named ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${checkerNames().join(', ')}, or a path to a module)`,
        );
      }
      const checkers = [...new Set(names)].map((n) => catalog.find(n) as Checker);
      const specs = await resolveModelPaths(routeOptions(checkers, givenOptions(argv), catalog), io.cwd);
      // Options first: a bad one is refused before a large history is read.
      validateCheckerSpecs(specs, catalog);
      const { history, warnings, lines } = await readHistoryFile(file, argv.independent === undefined ? {} : { independent: Boolean(argv.independent) });
      for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
      const started = Date.now();
      const results = await runCheckers(history, specs, { source: { file, lines }, badInput: 'throw', catalog });
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

/** The flags given that the check command does not own, by option name (kebab and camel spellings merged). */
function givenOptions(argv: Record<string, unknown>): Map<string, { flag: string; value: unknown }> {
  const given = new Map<string, { flag: string; value: unknown }>();
  for (const [key, value] of Object.entries(argv)) {
    if (OWN_OPTIONS.has(key) || value === undefined) continue;
    // yargs reports --max-states also as maxStates: keep the spelling the user typed.
    if (!key.includes('-') && flagName(key) !== key && Object.hasOwn(argv, flagName(key))) continue;
    const name = optionName(key);
    if (!given.has(name)) given.set(name, { flag: key.includes('-') ? key : flagName(key), value });
  }
  return given;
}

/**
 * Gives each named checker the options it declares. An option that none of them takes is
 * refused, naming the options they do take (and which checkers take the stray one).
 */
function routeOptions(checkers: readonly Checker[], given: Map<string, { flag: string; value: unknown }>, catalog: CheckerCatalog): CheckerSpec[] {
  for (const [name, { flag }] of given) {
    if (checkers.some((c) => c.options?.some((d) => d.name === name))) continue;
    const taken = [...new Set(checkers.flatMap((c) => (c.options ?? []).map((d) => `--${flagName(d.name)}`)))];
    const elsewhere = catalog
      .all()
      .filter((c) => c.options?.some((d) => d.name === name))
      .map((c) => c.name);
    const names = checkers.map((c) => c.name).join(', ');
    const takes = taken.length
      ? `the options ${names} take${checkers.length === 1 ? 's' : ''} are ${taken.join(', ')}`
      : `${names} take${checkers.length === 1 ? 's' : ''} no options`;
    const hint = elsewhere.length ? ` (--${flag} is an option of ${elsewhere.join(', ')})` : '';
    throw new FaultlineError('BAD_ARGUMENT', `--${flag} is not an option of ${names}: ${takes}${hint}`);
  }
  return checkers.map((checker) => {
    const options: Record<string, unknown> = {};
    for (const d of checker.options ?? []) {
      const entry = given.get(d.name);
      if (!entry) continue;
      if (Array.isArray(entry.value) && d.kind !== 'list')
        throw new FaultlineError(
          'BAD_ARGUMENT',
          `--${entry.flag} is given more than once (${entry.value.map((v) => JSON.stringify(v)).join(', ')}); it takes one value`,
        );
      options[d.name] = commandLineValue(d, entry.value);
    }
    return { checker: checker.name, options };
  });
}
