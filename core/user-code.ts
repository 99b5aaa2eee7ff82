import { createRequire } from 'node:module';
import { isAbsolute, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from './package-root.js';

// Loading a user's module by path, at the bottom of the house: the harness loads targets,
// checkers and config files this way, and the linearizable checker loads a user's model (on
// worker threads too). TypeScript compiles on the fly through tsx's loader hooks with source
// maps on, so an error in the user's code points at their file and line. (tsx's one-off
// tsImport compiled a CommonJS-mode file into a data: URL, and every stack frame printed the
// whole compiled module.)

/** Whether a name given for a target, checker or model is a path rather than a bundled name. */
export function isModulePath(name: string): boolean {
  return name.startsWith('.') || name.startsWith('file:') || isAbsolute(name) || /\.(m?[jt]s|cjs|cts)$/.test(name);
}

let typeScriptReady: Promise<void> | undefined;

/** Node's loaders of CommonJS files by extension (Module._extensions); tsx replaces '.js' there. */
const extensions = createRequire(import.meta.url).extensions as Record<string, JsLoader>;
type JsLoader = (this: unknown, module: NodeJS.Module, filename: string) => unknown;

/** Registers tsx for ES modules and CommonJS once per thread, and makes stack traces follow source maps. */
export function enableTypeScript(): Promise<void> {
  typeScriptReady ??= (async () => {
    process.setSourceMapsEnabled(true);
    try {
      const esm = (await import('tsx/esm/api')) as { register: () => unknown };
      const cjs = (await import('tsx/cjs/api')) as { register: () => unknown };
      const nativeJs = extensions['.js'];
      esm.register();
      cjs.register();
      requireFaultlineNatively(nativeJs);
    } catch (cause) {
      throw new Error(
        `loading TypeScript needs the tsx package (npm install tsx), or compile the module to .js: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
  })();
  return typeScriptReady;
}

/**
 * A user's CommonJS module that requires 'faultline' must get the very modules the harness
 * runs, or errors it throws are not the harness's ConfigError (the exit code is wrong) and every
 * module loads twice. tsx's CommonJS hook recompiles any ES-module .js file into a second,
 * CommonJS copy; Node (20.19 and later) can require the ES modules themselves and shares them
 * with `import`. So faultline's own compiled files go to Node's loader, everything else to tsx.
 */
function requireFaultlineNatively(nativeJs: JsLoader): void {
  if (!process.features.require_module) return;
  let ownDist: string;
  try {
    ownDist = join(packageRoot(), 'dist') + sep;
  } catch {
    return;
  }
  const viaTsx = extensions['.js'];
  if (viaTsx === nativeJs) return;
  extensions['.js'] = function loadJs(this: unknown, module: NodeJS.Module, filename: string) {
    return (filename.startsWith(ownDist) ? nativeJs : viaTsx).call(this, module, filename);
  };
}

/** The default export of the module at an absolute path or file: URL (TypeScript too). */
export async function importDefault(file: string): Promise<unknown> {
  const url = file.startsWith('file:') ? file : pathToFileURL(file).href;
  if (/\.[mc]?ts$/.test(url)) await enableTypeScript();
  const mod = (await import(url)) as { default?: unknown };
  return unwrapCommonJs(mod.default);
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
