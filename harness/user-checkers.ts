import { resolve } from 'node:path';
import { checkerCatalog, type CheckerCatalog } from '../checkers/registry.js';
import type { Checker } from '../core/verdict.js';
import type { CheckerSpec } from '../core/target.js';
import { ConfigError } from '../core/errors.js';
import { importUserModule, isModulePath } from './user-module.js';

// Checkers and models a user brings: `--checker ./my-checker.ts`, a config file's
// `checkers: [{ "checker": "./my-checker.ts" }]`, `--model ./my-model.ts`, or a target's own
// `checkers`. Paths are loaded here, before any history is read or any node started, so a
// broken module is refused at once (exit 254, naming the user's file and line).

export interface NamedCheckers {
  /** The checker names, with every path replaced by the name its module's checker has. */
  names: string[];
  /** Where those names are found: the built-ins, the target's and the loaded modules. */
  catalog: CheckerCatalog;
}

/** Loads the checkers named by path; the others must be built-ins or the target's own. */
export async function loadCheckers(named: readonly string[], cwd: string, targetCheckers: readonly Checker[] = []): Promise<NamedCheckers> {
  const extra = [...targetCheckers];
  const byFile = new Map<string, Checker>();
  const names: string[] = [];
  for (const name of named) {
    if (!isModulePath(name)) {
      names.push(name);
      continue;
    }
    const file = resolve(cwd, name);
    let loaded = byFile.get(file);
    if (!loaded) {
      loaded = await loadCheckerModule(name, cwd);
      byFile.set(file, loaded);
      extra.push(loaded);
    }
    names.push(loaded.name);
  }
  return { names, catalog: checkerCatalog(extra) };
}

/** The specs with checkers named by name (see loadCheckers) and model paths made absolute. */
export async function resolveCheckers(
  specs: readonly CheckerSpec[],
  cwd: string,
  targetCheckers: readonly Checker[] = [],
): Promise<{ specs: CheckerSpec[]; catalog: CheckerCatalog }> {
  const { names, catalog } = await loadCheckers(
    specs.map((s) => s.checker),
    cwd,
    targetCheckers,
  );
  const resolved = await resolveModelPaths(
    specs.map((spec, i) => ({ ...spec, checker: names[i] })),
    cwd,
  );
  return { specs: resolved, catalog };
}

/**
 * A `model` option naming a module becomes an absolute path (the checker, and each of its
 * worker threads, load it from anywhere), after one load here that refuses a broken module.
 */
export async function resolveModelPaths(specs: readonly CheckerSpec[], cwd: string): Promise<CheckerSpec[]> {
  const out: CheckerSpec[] = [];
  for (const spec of specs) {
    const model = spec.options?.model;
    if (typeof model !== 'string' || !isModulePath(model)) {
      out.push(spec);
      continue;
    }
    const file = resolve(cwd, model);
    await importUserModule(file, 'model', cwd);
    out.push({ ...spec, options: { ...spec.options, model: file } });
  }
  return out;
}

async function loadCheckerModule(path: string, cwd: string): Promise<Checker> {
  const exported = (await importUserModule(path, 'checker', cwd)) as Partial<Checker> | undefined;
  if (!exported || typeof exported.name !== 'string' || exported.name === '' || typeof exported.check !== 'function') {
    throw new ConfigError('checker', `${path} must default-export a Checker (name, summary, check(history, options))`);
  }
  // Declared options drive the CLI's parsing and help: a malformed list is the module's error.
  const options = (exported as { options?: unknown }).options;
  if (options !== undefined) {
    const bad = !Array.isArray(options)
      ? 'must be an array of option declarations'
      : options
          .map((o, i) =>
            o === null || typeof o !== 'object' || typeof (o as { name?: unknown }).name !== 'string' || typeof (o as { kind?: unknown }).kind !== 'string'
              ? `entry ${i} must be an object with a name, a kind and help`
              : undefined,
          )
          .find((why) => why !== undefined);
    if (bad) throw new ConfigError('checker', `${path}: the checker's options ${bad} (see OptionDeclaration in faultline's types)`);
  }
  return exported as Checker;
}
