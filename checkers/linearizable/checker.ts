import type { History } from '../../core/history.js';
import type { CheckContext, Checker } from '../../core/verdict.js';
import { checkLinearizable } from './check.js';
import { LINEARIZABLE_OPTIONS, parseLinearizableOptions } from './options.js';
import { isModelName } from './models/catalog.js';
import { loadModelModule } from './models/model-module.js';
import { MODEL_SHAPES } from './shapes.js';
import type { LinearizableDetails, LinearizableVerdict } from './result.js';

/** Jepsen's linearizable checker: options model, initial, timeout, maxStates, workers. */
export const linearizableChecker: Checker<LinearizableDetails> = {
  name: 'linearizable',
  options: LINEARIZABLE_OPTIONS,
  // A user's model checks its operations itself (its encode throws OperationError).
  accepts: (options) => {
    const { model } = parseLinearizableOptions(options);
    return isModelName(model) ? MODEL_SHAPES[model] : { ops: {}, otherOps: 'ignore' };
  },
  summary: 'searches for a linearization per key against a model (cas-register, register, multi-register, kv, set, fifo-queue, mutex)',
  async check(history: History, options: Record<string, unknown>, context?: CheckContext): Promise<LinearizableVerdict> {
    const parsed = parseLinearizableOptions(options);
    const initial = parsed.initial !== undefined ? { initial: parsed.initial } : {};
    // A user's model module: built here, and again from the same module on each worker thread.
    const model = isModelName(parsed.model) ? parsed.model : { module: parsed.model, create: await loadModelModule(parsed.model) };
    return checkLinearizable(history, model, {
      ...initial,
      timeoutMs: parsed.timeoutMs,
      maxStates: parsed.maxStates,
      workers: parsed.workers,
      signal: context?.signal,
    });
  },
};
