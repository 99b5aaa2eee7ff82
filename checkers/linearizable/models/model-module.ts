import { ConfigError } from '../../../core/errors.js';
import { importDefault } from '../../../core/user-code.js';
import type { Model, ModelOptions } from '../../../core/model.js';

// A user's own model, named by the path of a module whose default export is a Model or a
// function from the options (the initial value) to a Model. The same module is loaded again
// on every worker thread, so user models are checked in parallel like the built-in ones.

export type ModelFactory = (options: ModelOptions) => Model;

const REQUIRED = ['init', 'encode', 'step', 'equal', 'hash', 'describeState', 'describeOperation'] as const;

export async function loadModelModule(file: string): Promise<ModelFactory> {
  let exported: unknown;
  try {
    exported = await importDefault(file);
  } catch (cause) {
    throw new ConfigError('linearizable option "model"', `could not load the model module ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
  const factory: ModelFactory = typeof exported === 'function' ? (exported as ModelFactory) : () => exported as Model;
  const sample = factory({});
  const missing = REQUIRED.filter((m) => typeof (sample as unknown as Record<string, unknown> | undefined)?.[m] !== 'function');
  if (!sample || typeof sample.name !== 'string' || missing.length > 0) {
    const what = missing.length ? `lacks ${missing.join(', ')}` : 'has no name';
    throw new ConfigError('linearizable option "model"', `${file} must default-export a Model (or a function from options to a Model); its export ${what}`);
  }
  return factory;
}
