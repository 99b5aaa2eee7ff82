import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '../core/errors.js';
import { importDefault } from '../core/user-code.js';

export { isModulePath } from '../core/user-code.js';

/**
 * The default export of a user's module at `path` (relative to `cwd`). `what` names the
 * setting the path came from (target, checker, model, --config) for errors, which are
 * ConfigErrors: the CLI reports them as bad input (exit 254) in one sentence that names the
 * user's file and line.
 */
export async function importUserModule(path: string, what: string, cwd = process.cwd()): Promise<unknown> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new ConfigError(what, `no such file: ${path}`);
  try {
    return await importDefault(file);
  } catch (cause) {
    throw new ConfigError(what, `could not load ${path}: ${errorMessage(cause)}${whereInUserFile(cause, file)}`, { cause });
  }
}

/** " (at file:line:column)": the first stack frame in the user's own file, when there is one. */
export function whereInUserFile(err: unknown, file: string): string {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  const frame = stack.split('\n').find((line) => line.includes(file));
  const at = frame?.match(/\(?((?:file:\/\/)?\/[^()\s]+:\d+:\d+)\)?\s*$/)?.[1];
  return at ? ` (at ${at.replace(/^file:\/\//, '')})` : '';
}
