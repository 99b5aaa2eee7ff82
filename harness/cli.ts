import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { auditCommand } from './cli/audit-command.js';
import { checkCommand } from './cli/check-command.js';
import { EXIT, exitCodeForError } from './cli/exit-codes.js';
import { healCommand } from './cli/heal-command.js';
import { processIo, type CliIo } from './cli/io.js';
import { reportCommand } from './cli/report-command.js';
import { serveCommand } from './cli/serve-command.js';
import { pathTargetOf, testCommand } from './cli/test-command.js';
import { errorMessage, FaultlineError, isFaultlineError } from '../core/errors.js';
import { packageVersion } from '../core/package-root.js';

/**
 * Runs the CLI and returns its exit code (Jepsen's: 0 valid, 1 invalid, 2 unknown, 254 bad
 * arguments or input, 255 the run itself failed). In-process, so tests can call it.
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.valid;
  const setExit = (code: number) => {
    exitCode = code;
  };
  let pathTarget: Awaited<ReturnType<typeof pathTargetOf>>;
  try {
    pathTarget = await pathTargetOf(args, io.cwd);
  } catch (err) {
    io.stderr.write(`faultline: ${errorMessage(err)}\n`);
    return exitCodeForError(err);
  }
  const parser = yargs([...args])
    .scriptName('faultline')
    .version(packageVersion())
    .command(strictOptions(testCommand(io, setExit, pathTarget)))
    // check takes every checker's options and refuses, itself, those no named checker takes.
    .command(checkCommand(io, setExit))
    .command(strictOptions(healCommand(io, setExit)))
    .command(strictOptions(reportCommand(io, setExit)))
    .command(strictOptions(serveCommand(io, setExit)))
    .command(strictOptions(auditCommand(io, setExit, pathTarget)))
    .demandCommand(1, 'name a command: test, check or heal')
    // Not .strict(): a global strict overrides every command's own policy, and check needs its own.
    .strictCommands()
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, err) => {
      // Throwing stops yargs before any handler runs; returning would let it carry on.
      throw err ?? new FaultlineError('BAD_ARGUMENT', message);
    });
  try {
    let helpOrVersion = '';
    await parser.parseAsync([...args], {}, (_err, _argv, output) => {
      helpOrVersion = output;
    });
    if (helpOrVersion) io.stdout.write(`${helpOrVersion}\n`);
    return exitCode;
  } catch (err) {
    const code = exitCodeForError(err);
    io.stderr.write(`faultline: ${errorMessage(err)}\n`);
    // A FaultlineError is an expected condition (a full disk, a refused option), said in its
    // message (the run's harness.log keeps the stack); anything else is a bug, whose stack helps
    // whoever reports it.
    if (code === EXIT.runFailed && err instanceof Error && !isFaultlineError(err) && err.stack) io.stderr.write(`${err.stack}\n`);
    return code;
  }
}

/** A command that refuses unknown options (yargs' strict mode, per command). */
function strictOptions<T extends { builder?: unknown }>(command: T): T {
  const builder = command.builder as CommandModule['builder'];
  return {
    ...command,
    builder: (y: Argv) => {
      const built = typeof builder === 'function' ? (builder(y) as Argv) : builder ? y.options(builder) : y;
      return built.strict();
    },
  };
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// `bin/faultline.js` imports this module; running it directly (node harness/cli.ts) works too.
if (invokedDirectly()) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
