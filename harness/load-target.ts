import { bundledTarget, bundledTargets } from '../targets/registry.js';
import type { Target } from '../core/target.js';
import { ConfigError } from '../core/errors.js';
import { importUserModule, isModulePath } from './user-module.js';

/** A bundled target by name, or the default export of the module at a path (relative to `cwd`). */
export async function loadTarget(name: string, cwd = process.cwd()): Promise<Target<any>> {
  const bundled = bundledTarget(name);
  if (bundled) return bundled;
  if (!isModulePath(name)) {
    const names = bundledTargets()
      .map((t) => t.name)
      .join(', ');
    throw new ConfigError('target', `no bundled target "${name}" (choose ${names}, or give a path to a module)`);
  }
  const target = (await importUserModule(name, 'target', cwd)) as Partial<Target> | undefined;
  if (!target || typeof target.name !== 'string' || typeof target.openClient !== 'function' || typeof target.workload !== 'function') {
    throw new ConfigError('target', `${name} must default-export a Target (name, optionsSchema, workloads, workload(), openClient())`);
  }
  return target as Target<any>;
}
