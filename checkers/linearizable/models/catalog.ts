import type { Model, ModelOptions } from '../../../core/model.js';
import { fifoQueueModel } from './fifo-queue.js';
import { mutexModel } from './mutex.js';
import { kvModel } from './kv.js';
import { multiRegisterModel } from './multi-register.js';
import { casRegisterModel, registerModel } from './register.js';
import { setModel } from './set.js';

export const MODEL_NAMES = ['register', 'cas-register', 'multi-register', 'kv', 'set', 'fifo-queue', 'mutex'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Models that take an initial value: one value each, or (multi-register) a map from key to value. */
export const MODELS_WITH_INITIAL: ReadonlySet<ModelName> = new Set<ModelName>(['register', 'cas-register', 'multi-register', 'kv']);

/** The built-in models by name; each call makes a fresh model. */
export const models: Readonly<Record<ModelName, (options?: ModelOptions) => Model>> = {
  register: registerModel,
  'cas-register': casRegisterModel,
  'multi-register': multiRegisterModel,
  kv: kvModel,
  set: setModel,
  'fifo-queue': fifoQueueModel,
  mutex: mutexModel,
};

export function isModelName(name: unknown): name is ModelName {
  return typeof name === 'string' && (MODEL_NAMES as readonly string[]).includes(name);
}
