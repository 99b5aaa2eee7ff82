import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { bundledTargets } from '../../targets/registry.js';
import type { Target, TargetFlag } from '../../core/target.js';
import { junitXml } from '../junit.js';
import { loadTarget } from '../load-target.js';
import { runTest } from '../run.js';
import { isModulePath } from '../user-module.js';
import { findConfigFile, loadConfigFile } from './config-file.js';
import { EXIT, exitCodeForValidity } from './exit-codes.js';
import type { CliIo } from './io.js';
import { printAnomalies } from './print-anomalies.js';
import { printVerdicts } from './print-verdicts.js';

/** Harness flags and the config field each one sets. */
const HARNESS_FLAGS = {
  name: { field: 'name', type: 'string', describe: 'test name (run folder name); default <target>-<workload>' },
  target: { field: 'target', type: 'string', describe: 'system under test: a bundled target or a path to a module (default raft-kv)' },
  workload: { field: 'workload', type: 'string', describe: "workload (default: the target's)" },
  nodes: { field: 'nodes', type: 'number', describe: 'number of nodes (default: the target’s, 3 for raft-kv)' },
  concurrency: { field: 'concurrency', type: 'number', describe: 'client processes (default 10)' },
  'time-limit': { field: 'timeLimit', type: 'string', describe: 'main phase length: seconds or 30s, 2m (default 20s)' },
  rate: { field: 'rate', type: 'number', describe: 'client operations per second in total; 0 = unlimited (default 100)' },
  'op-timeout': { field: 'opTimeout', type: 'string', describe: 'per-operation timeout, then info (default 5s)' },
  nemesis: { field: 'nemesis', type: 'string', describe: "faults: comma-separated kinds, or none (default: the target's)" },
  'nemesis-interval': { field: 'nemesisInterval', type: 'string', describe: 'time between fault changes (default 3s)' },
  'packet-loss': { field: 'packetLoss', type: 'number', describe: '--nemesis packet: probability that a packet between nodes is lost (default 0.2)' },
  'packet-delay': {
    field: 'packetDelay',
    type: 'string',
    describe: '--nemesis packet: delay added to packets between nodes, e.g. 50ms (needs netem in the kernel)',
  },
  recovery: { field: 'recovery', type: 'string', describe: 'quiet time after healing, before final reads (default 3s)' },
  seed: { field: 'seed', type: 'number', describe: 'seed for every random choice (default: random, recorded in test.json)' },
  runtime: { field: 'runtime', type: 'string', describe: 'where nodes run: local or docker (default local)' },
  'runs-dir': { field: 'runsDir', type: 'string', describe: 'folder for run folders (default runs)' },
  model: {
    field: 'model',
    type: 'string',
    describe: "model of the linearizable checker: a built-in name or the path of a module exporting your own Model (default: the workload's)",
  },
} as const;

/**
 * Every bundled target's own flags and those of a target given by path, merged by name so
 * targets can share one (e.g. --bug).
 */
function targetFlags(pathTarget: Target<any> | undefined): Map<string, TargetFlag & { targets: string[] }> {
  const flags = new Map<string, TargetFlag & { targets: string[] }>();
  for (const target of pathTarget ? [...bundledTargets(), pathTarget] : bundledTargets()) {
    for (const [flag, spec] of Object.entries(target.flags ?? {})) {
      const seen = flags.get(flag);
      if (seen) seen.targets.push(target.name);
      else flags.set(flag, { ...spec, targets: [target.name] });
    }
  }
  return flags;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The target a `test` command line names by path (with --target, or in its config file), or
 * the one `audit ./x.ts` names,
 * loaded so that its own flags can be offered and parsed like a bundled target's.
 */
export async function pathTargetOf(args: readonly string[], cwd: string): Promise<Target<any> | undefined> {
  if (args[0] === 'audit') return args[1] !== undefined && isModulePath(args[1]) ? loadTarget(args[1], cwd) : undefined;
  if (args[0] !== 'test') return undefined;
  let name = flagValue(args, 'target');
  if (name === undefined) {
    const configPath = findConfigFile(cwd, flagValue(args, 'config'));
    const configured = configPath ? (await loadConfigFile(configPath)).target : undefined;
    name = typeof configured === 'string' ? configured : undefined;
  }
  return name !== undefined && isModulePath(name) ? loadTarget(name, cwd) : undefined;
}

/** A config's checker spec with its checker and model paths made absolute (other values pass unchanged for validation). */
function withAbsolutePaths(spec: unknown, cwd: string): unknown {
  if (spec === null || typeof spec !== 'object') return spec;
  const { checker, options } = spec as { checker?: unknown; options?: unknown };
  const absolute = (v: unknown) => (typeof v === 'string' && isModulePath(v) ? resolve(cwd, v) : v);
  const withModel =
    options !== null && typeof options === 'object' && 'model' in options ? { ...options, model: absolute((options as { model: unknown }).model) } : options;
  return { ...spec, checker: absolute(checker), ...(withModel === undefined ? {} : { options: withModel }) };
}

/** The value of --flag VALUE or --flag=VALUE, as yargs would read it (the last one wins). */
function flagValue(args: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === `--${flag}` && i + 1 < args.length) value = args[++i];
    else if (args[i].startsWith(`--${flag}=`)) value = args[i].slice(flag.length + 3);
  }
  return value;
}

export function testCommand(io: CliIo, setExit: (code: number) => void, pathTarget?: Target<any>) {
  return {
    command: 'test',
    describe: 'run a test: start the target, drive clients and faults, check the history, write a report',
    builder: (y: Argv) => {
      let out = y
        .option('config', { type: 'string', describe: 'config file (default: faultline.config.{json,ts,js} if present)' })
        .option('json', { type: 'boolean', describe: 'print the result object as JSON on stdout' })
        .option('junit', { type: 'string', describe: 'write JUnit XML to this file' });
      for (const [flag, spec] of Object.entries(HARNESS_FLAGS)) out = out.option(flag, { type: spec.type, describe: spec.describe, group: 'Test:' });
      out = out.option('checker', {
        type: 'string',
        array: true,
        group: 'Test:',
        describe:
          "checkers instead of the workload's, repeated or comma-separated: built-in names, the target's own, or paths of modules exporting your own Checker (their options: a config file's checkers)",
      });
      for (const [flag, spec] of targetFlags(pathTarget)) {
        out = out.option(flag, {
          type: spec.type,
          array: spec.array,
          choices: spec.choices as string[] | undefined,
          describe: `${spec.targets.join(', ')}: ${spec.describe}`,
          group: 'Target options:',
        });
      }
      return out;
    },
    handler: async (argv: Record<string, unknown>) => {
      const input: Record<string, unknown> = {};
      const configPath = findConfigFile(io.cwd, argv.config as string | undefined);
      if (configPath) Object.assign(input, await loadConfigFile(configPath));
      for (const [flag, spec] of Object.entries(HARNESS_FLAGS)) {
        const value = argv[flag];
        if (value === undefined) continue;
        input[spec.field] = value;
      }
      if (argv.checker !== undefined) {
        input.checkers = (argv.checker as string[])
          .flatMap((c) => c.split(','))
          .map((c) => c.trim())
          .filter(Boolean)
          .map((checker) => ({ checker }));
      }
      const targetOptions: Record<string, unknown> = { ...((input.targetOptions as Record<string, unknown> | undefined) ?? {}) };
      for (const [flag, spec] of targetFlags(pathTarget)) {
        if (argv[flag] !== undefined) targetOptions[spec.option ?? camel(flag)] = argv[flag];
      }
      input.targetOptions = targetOptions;
      // Target, checker and model paths are the user's, relative to where they typed the command.
      if (typeof input.target === 'string' && isModulePath(input.target)) input.target = resolve(io.cwd, input.target);
      if (Array.isArray(input.checkers)) input.checkers = input.checkers.map((spec) => withAbsolutePaths(spec, io.cwd));
      if (typeof input.model === 'string' && isModulePath(input.model)) input.model = resolve(io.cwd, input.model);
      if (typeof input.runsDir === 'string' || input.runsDir === undefined) input.runsDir = resolve(io.cwd, (input.runsDir as string | undefined) ?? 'runs');

      const started = Date.now();
      const { runDir, results } = await runTest(input, { stderr: io.stderr, argv: process.argv.slice(1), handleSignals: io.handleSignals });
      // A run stopped early tested less than it was asked to: valid becomes unknown (2); an
      // anomaly found in what was recorded is still invalid (1).
      const code = results.interrupted !== undefined && results.valid === true ? EXIT.unknown : exitCodeForValidity(results.valid);
      if (argv.junit) await writeFile(String(argv.junit), junitXml(relative(io.cwd, runDir) || runDir, results, (Date.now() - started) / 1000));
      if (argv.json) {
        io.stdout.write(`${JSON.stringify({ ...results, run: runDir }, null, 2)}\n`);
      } else {
        io.stdout.write(`run: ${relative(io.cwd, runDir) || runDir}\n`);
        printVerdicts(io.stdout, results);
        printAnomalies(io.stdout, results);
        const report = join(runDir, 'report.html');
        if (existsSync(report)) io.stdout.write(`report: ${relative(io.cwd, report)}\n`);
      }
      setExit(code);
    },
  };
}
