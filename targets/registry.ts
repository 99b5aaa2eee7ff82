import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../harness/errors.js';
import { memoryTarget } from './memory/index.js';
import { postgresTarget } from './postgres/index.js';
import { raftKvTarget } from './raft-kv/target.js';
import { redisLockTarget } from './redis-lock/index.js';
import type { Target } from './target.js';

// The bundled targets by name; anything that looks like a path is a user's own module
// whose default export is a Target.
const BUNDLED: readonly Target<any>[] = [raftKvTarget, memoryTarget, postgresTarget, redisLockTarget];

export function bundledTargets(): readonly Target<any>[] {
  return BUNDLED;
}

export function isTargetPath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || /\.(m?[jt]s)$/.test(name);
}

export async function loadTarget(name: string): Promise<Target<any>> {
  const bundled = BUNDLED.find((t) => t.name === name);
  if (bundled) return bundled;
  if (!isTargetPath(name)) {
    throw new ConfigError('target', `no bundled target "${name}" (choose ${BUNDLED.map((t) => t.name).join(', ')}, or give a path to a module)`);
  }
  const url = pathToFileURL(resolve(name)).href;
  let mod: { default?: unknown };
  try {
    mod = name.endsWith('.ts') ? await importTypeScript(url) : ((await import(url)) as { default?: unknown });
  } catch (cause) {
    throw new ConfigError('target', `could not load the target module ${name}: ${(cause as Error).message}`, { cause });
  }
  const target = unwrapCommonJs(mod.default) as Partial<Target> | undefined;
  if (!target || typeof target.name !== 'string' || typeof target.openClient !== 'function' || typeof target.workload !== 'function') {
    throw new ConfigError('target', `${name} must default-export a Target (name, optionsSchema, workloads, workload(), openClient())`);
  }
  return target as Target<any>;
}

/**
 * A module outside an ES-module package ("type": "module") loads as CommonJS, where
 * `export default` lands one level down, under `default` of the default export.
 */
function unwrapCommonJs(exported: unknown): unknown {
  if (exported && typeof exported === 'object' && !('openClient' in exported) && 'default' in exported) return (exported as { default: unknown }).default;
  return exported;
}

/** User targets may be TypeScript; tsx compiles them on the fly when it is installed. */
async function importTypeScript(url: string): Promise<{ default?: unknown }> {
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
  } catch {
    throw new Error('loading a .ts target needs the tsx package (npm install tsx), or compile it to .js');
  }
  return (await tsImport(url, import.meta.url)) as { default?: unknown };
}
