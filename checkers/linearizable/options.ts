import { ConfigError } from '../../core/errors.js';
import { parseCheckerOptions, type OptionDeclarations } from '../../core/checker-options.js';
import { isModelName, MODEL_NAMES, MODELS_WITH_INITIAL, type ModelName } from './models/catalog.js';

// The linearizable checker's options, declared once (../options.ts parses them for the CLI,
// config files and workloads alike), plus the one rule that ties two of them together.

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Cached states per partition: about 200 MB for an 80-operation partition, far less than the machine has. */
export const DEFAULT_MAX_STATES = 5_000_000;

export interface LinearizableOptions {
  /** A built-in model, or the path of a user's model module (absolute once the harness resolved it). */
  model: ModelName | string;
  /** Absent means the model's default (null). */
  initial?: unknown;
  timeoutMs: number;
  maxStates: number;
  workers: number | 'auto';
}

export const LINEARIZABLE_OPTIONS: OptionDeclarations = [
  {
    name: 'model',
    kind: 'choice',
    choices: MODEL_NAMES,
    orModule: true,
    default: 'cas-register',
    help: 'the sequential specification the history is checked against (a built-in, or a module exporting your own Model)',
  },
  { name: 'initial', kind: 'json', help: "the model's state before the first operation (default null: absent)" },
  { name: 'timeout', kind: 'duration', default: DEFAULT_TIMEOUT_MS, help: 'search budget for the whole history; past it the verdict is unknown' },
  { name: 'maxStates', kind: 'integer', min: 1, default: DEFAULT_MAX_STATES, help: 'cached states per key before the verdict is unknown (bounds memory)' },
  { name: 'workers', kind: 'integer', min: 0, words: ['auto'], default: 'auto', help: 'worker threads checking keys in parallel (0: none)' },
];

export function parseLinearizableOptions(raw: Record<string, unknown>): LinearizableOptions {
  const o = parseCheckerOptions<{ model: ModelName | string; initial?: unknown; timeout: number; maxStates: number; workers: number | 'auto' }>(
    'linearizable',
    LINEARIZABLE_OPTIONS,
    raw,
  );
  // A user's model takes whatever initial value it understands.
  if (o.initial !== undefined && o.initial !== null && isModelName(o.model) && !MODELS_WITH_INITIAL.has(o.model)) {
    throw new ConfigError(
      'linearizable option "initial"',
      `the ${o.model} model has no initial value (only ${[...MODELS_WITH_INITIAL].join(', ')} take one), got ${JSON.stringify(raw.initial)}`,
    );
  }
  return { model: o.model, ...(o.initial !== undefined ? { initial: o.initial } : {}), timeoutMs: o.timeout, maxStates: o.maxStates, workers: o.workers };
}
