import type { History } from '../../harness/history.js';
import type { CheckContext, Checker } from '../verdict.js';
import { checkLinearizable } from './check.js';
import { LINEARIZABLE_OPTIONS, parseLinearizableOptions } from './options.js';
import { MODEL_SHAPES } from './shapes.js';
import type { LinearizableDetails, LinearizableVerdict } from './result.js';

/** Jepsen's linearizable checker: options model, initial, timeout, maxStates, workers. */
export const linearizableChecker: Checker<LinearizableDetails> = {
  name: 'linearizable',
  options: LINEARIZABLE_OPTIONS,
  accepts: (options) => MODEL_SHAPES[parseLinearizableOptions(options).model],
  summary: 'searches for a linearization per key against a model (cas-register, register, multi-register, kv, set, fifo-queue, mutex)',
  check(history: History, options: Record<string, unknown>, context?: CheckContext): Promise<LinearizableVerdict> {
    const parsed = parseLinearizableOptions(options);
    return checkLinearizable(history, parsed.model, {
      ...(parsed.initial !== undefined ? { initial: parsed.initial } : {}),
      timeoutMs: parsed.timeoutMs,
      maxStates: parsed.maxStates,
      workers: parsed.workers,
      signal: context?.signal,
    });
  },
};
