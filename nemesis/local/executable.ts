import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import { clockReach } from '../clock/reach.js';

// The node's program as a file: found before it starts, so that a command that cannot run is a
// clear error from start() rather than a node that exits at once (the program is exec'd by
// nsenter inside the node's namespace, after the spawn has already succeeded), and so that the
// clock library's reach can be judged from the file (clock/reach.ts).

/** The absolute path `command` runs, looked up in `path` (a PATH value) when it has no slash. */
export function resolveExecutable(node: string, command: string, path: string | undefined, cwd: string | undefined): string {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(cwd ?? process.cwd(), command)]
    : (path ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not this one.
    }
  }
  const where = command.includes('/') ? '' : ` (searched PATH ${path ?? '(unset)'})`;
  throw new FaultlineError('RUN_FAILED', `nemesis/local: cannot start ${node}: ${command} is not an executable file${where}`);
}

/** Why the clock library cannot reach the program `command` runs: '' when it can, or when the file cannot tell. */
export function clockBlocker(node: string, command: string, path: string | undefined, cwd: string | undefined): string {
  const lookUp = (name: string) => {
    try {
      return resolveExecutable(node, name, path, cwd);
    } catch {
      return undefined;
    }
  };
  const program = lookUp(command);
  if (program === undefined) return '';
  const reach = clockReach(program, lookUp);
  return reach.reachable === false ? reach.why : '';
}
