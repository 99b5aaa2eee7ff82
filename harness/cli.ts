import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { auditCommand } from './cli/audit-command.js';
import { checkCommand } from './cli/check-command.js';
import { EXIT, exitCodeForError } from './cli/exit-codes.js';
import { healCommand } from './cli/heal-command.js';
import { processIo, type CliIo } from './cli/io.js';
import { reportCommand } from './cli/report-command.js';
import { serveCommand } from './cli/serve-command.js';
import { testCommand } from './cli/test-command.js';
import { errorMessage, FaultlineError } from './errors.js';
import { packageVersion } from './package-root.js';

/**
 * Runs the CLI and returns its exit code (Jepsen's: 0 valid, 1 invalid, 2 unknown, 254 bad
 * arguments or input, 255 the run itself failed). In-process, so tests can call it.
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.valid;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const parser = yargs([...args])
    .scriptName('faultline')
    .version(packageVersion())
    .command(testCommand(io, setExit))
    .command(checkCommand(io, setExit))
    .command(healCommand(io, setExit))
    .command(reportCommand(io, setExit))
    .command(serveCommand(io, setExit))
    .command(auditCommand(io, setExit))
    .demandCommand(1, 'name a command: test, check or heal')
    .strict()
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
    // A FaultlineError is an expected condition, said in its message (the run's harness.log keeps
    // the stack); anything else is a bug, whose stack helps whoever reports it.
    if (code === EXIT.runFailed && err instanceof Error && !(err instanceof FaultlineError) && err.stack) io.stderr.write(`${err.stack}\n`);
    return code;
  }
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
