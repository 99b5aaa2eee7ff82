import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, errorMessage } from '../../core/errors.js';
import { importUserModule } from '../user-module.js';

const DEFAULT_NAMES = ['faultline.config.json', 'faultline.config.ts', 'faultline.config.js', 'faultline.config.mjs'];

/** The config file named by --config, or the first default-named one in the working folder. */
export function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError('--config', `no such file: ${explicit}`);
    return path;
  }
  return DEFAULT_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p));
}

/** Loads a config file's object: JSON, or a module whose default export is the object. */
export async function loadConfigFile(path: string): Promise<Record<string, unknown>> {
  let value: unknown;
  if (path.endsWith('.json')) {
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (cause) {
      throw new ConfigError(path, `could not be loaded: ${errorMessage(cause)}`, { cause });
    }
  } else {
    value = await importUserModule(path, path);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(path, 'must hold (or default-export) an object of test settings');
  }
  return value as Record<string, unknown>;
}
