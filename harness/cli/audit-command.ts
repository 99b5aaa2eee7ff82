import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError } from '../../core/errors.js';
import type { Target, TargetFlag } from '../../core/target.js';
import { bundledTargets } from '../../targets/registry.js';
import { loadTarget } from '../load-target.js';
import { runTest } from '../run.js';
import type { CliIo } from './io.js';

// `faultline audit <target>`: a target that offers an audit (Target.audit; PostgreSQL's runs
// every workload at every isolation level) plans and makes its runs; this command gives it the
// flags it declares, a way to make runs as `faultline test` does, and Ctrl-C handling.

function auditingTargets(pathTarget: Target<any> | undefined): Target<any>[] {
  return [...bundledTargets(), ...(pathTarget ? [pathTarget] : [])].filter((t) => t.audit !== undefined);
}

/** Every auditing target's flags, merged by name (shown under the targets that take them). */
function auditFlags(targets: readonly Target<any>[]): Map<string, TargetFlag & { targets: string[] }> {
  const flags = new Map<string, TargetFlag & { targets: string[] }>();
  for (const target of targets) {
    for (const [flag, spec] of Object.entries(target.audit?.flags ?? {})) {
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

export function auditCommand(io: CliIo, setExit: (code: number) => void, pathTarget?: Target<any>) {
  const targets = auditingTargets(pathTarget);
  const names = targets.map((t) => t.name);
  return {
    command: 'audit <target>',
    describe: `audit a target's configuration (${targets.map((t) => `${t.name}: ${t.audit!.describe}`).join('; ')})`,
    builder: (y: Argv) => {
      y.positional('target', { type: 'string', describe: `what to audit: ${names.join(', ')}, or a path to a target module that offers an audit` });
      y.option('runs-dir', { type: 'string', describe: 'folder for run folders and the audit folder (default runs)' });
      for (const [flag, spec] of auditFlags(targets)) {
        const only = spec.targets.length < targets.length ? ` [${spec.targets.join(', ')}]` : '';
        y.option(flag, { type: spec.type, array: spec.array, choices: spec.choices as string[] | undefined, describe: `${spec.describe}${only}` });
      }
      return y;
    },
    handler: async (argv: Record<string, unknown>) => {
      const target = await loadTarget(String(argv.target), io.cwd);
      const audit = target.audit;
      if (!audit) throw new ConfigError('target', `target ${target.name} offers no audit (targets that do: ${names.join(', ') || 'none'})`);
      const options: Record<string, unknown> = {};
      for (const [flag, spec] of Object.entries(audit.flags)) {
        const value = argv[flag];
        if (value !== undefined) options[spec.option ?? camel(flag)] = value;
      }
      const foreign = [...auditFlags(targets).keys()].filter((flag) => !(flag in audit.flags) && argv[flag] !== undefined);
      if (foreign.length > 0) throw new ConfigError(foreign[0], `the ${target.name} audit takes no --${foreign[0]}`);
      const stop = watchInterrupts(io);
      try {
        const code = await audit.run(options, {
          cwd: io.cwd,
          runsDir: resolve(io.cwd, (argv['runs-dir'] as string | undefined) ?? 'runs'),
          stdout: io.stdout,
          stderr: io.stderr,
          runTest: (input) => runTest(input, { stderr: io.stderr, argv: process.argv.slice(1), handleSignals: io.handleSignals }),
          stopRequested: () => stop.requested,
        });
        setExit(code);
      } finally {
        stop.remove();
      }
    },
  };
}

/** Ctrl-C stops the run under way (runTest heals and checks it) and the audit after it. */
function watchInterrupts(io: CliIo): { readonly requested: boolean; remove(): void } {
  const state = { requested: false, remove: () => undefined as undefined };
  if (!io.handleSignals) return state;
  const onSignal = () => {
    state.requested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  state.remove = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  return state;
}
