import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to run the CLI from sources in a child process, as a user runs bin/faultline. */
export function cliCommand(args: string[]): [string, string[]] {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
  return [process.execPath, ['--import', tsxLoader, cli, ...args]];
}

/** How to run the built CLI (bin/faultline.js over dist/, which vitest's global setup builds) in a child process. */
export function builtCliCommand(args: string[]): [string, string[]] {
  const bin = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
  return [process.execPath, [bin, ...args]];
}
