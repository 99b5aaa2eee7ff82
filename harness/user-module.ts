import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, errorMessage } from './errors.js';

// A user's own module (a target, a checker, a model, a config file) loaded by path. TypeScript
// is compiled on the fly by tsx's loader hooks with source maps on, so an error in the user's
// code points at their file and line. (tsx's one-off tsImport compiles a CommonJS-mode file
// into a data: URL, and every stack frame then printed the whole compiled module.)

/** Whether a name given for a target, checker or model is a path rather than a bundled name. */
export function isModulePath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || /\.(m?[jt]s|cjs|cts)$/.test(name);
}

let typeScriptReady: Promise<void> | undefined;

/** Registers tsx for ES modules and CommonJS once, and makes stack traces follow source maps. */
function enableTypeScript(): Promise<void> {
  typeScriptReady ??= (async () => {
    process.setSourceMapsEnabled(true);
    try {
      const esm = (await import('tsx/esm/api')) as { register: () => unknown };
      const cjs = (await import('tsx/cjs/api')) as { register: () => unknown };
      esm.register();
      cjs.register();
    } catch (cause) {
      throw new Error(`loading TypeScript needs the tsx package (npm install tsx), or compile the module to .js: ${errorMessage(cause)}`, { cause });
    }
  })();
  return typeScriptReady;
}

/**
 * The default export of the module at `path` (relative to `cwd`). `what` names the setting the
 * path came from (target, checker, model, --config) for errors, which are ConfigErrors: the
 * CLI reports them as bad input (exit 254) in one sentence that names the user's file and line.
 */
export async function importUserModule(path: string, what: string, cwd = process.cwd()): Promise<unknown> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new ConfigError(what, `no such file: ${path}`);
  if (/\.[mc]?ts$/.test(file)) await enableTypeScript();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (cause) {
    throw new ConfigError(what, `could not load ${path}: ${errorMessage(cause)}${whereInUserFile(cause, file)}`, { cause });
  }
  return unwrapCommonJs(mod.default);
}

/** " (at file:line:column)": the first stack frame in the user's own file, when there is one. */
export function whereInUserFile(err: unknown, file: string): string {
  const stack = err instanceof Error ? err.stack ?? '' : '';
  const frame = stack.split('\n').find((line) => line.includes(file));
  const at = frame?.match(/\(?((?:file:\/\/)?\/[^()\s]+:\d+:\d+)\)?\s*$/)?.[1];
  return at ? ` (at ${at.replace(/^file:\/\//, '')})` : '';
}

/**
 * A module outside an ES-module package ("type": "module") loads as CommonJS, where
 * `export default` lands one level down, under `default` of the default export.
 */
function unwrapCommonJs(exported: unknown): unknown {
  if (exported && typeof exported === 'object' && 'default' in exported) {
    const marked = (exported as { __esModule?: unknown }).__esModule === true;
    if (marked || Object.keys(exported).length === 1) return (exported as { default: unknown }).default;
  }
  return exported;
}
