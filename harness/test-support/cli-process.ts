import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to run the CLI from sources in a child process, as a user runs bin/faultline. */
export function cliCommand(args: string[]): [string, string[]] {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
  return [process.execPath, ['--import', tsxLoader, cli, ...args]];
}
