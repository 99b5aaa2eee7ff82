import { z } from 'zod';
import { ConfigError } from '../../harness/errors.js';
import { MODEL_NAMES, MODELS_WITH_INITIAL, type ModelName } from './models/catalog.js';

// The checker's options arrive untyped, from CLI flags (all strings) or a workload (any
// JSON). Each is validated here and a bad one is named with its value.

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Cached states per partition: about 200 MB for an 80-operation partition, far less than the machine has. */
export const DEFAULT_MAX_STATES = 5_000_000;

export interface LinearizableOptions {
  model: ModelName;
  /** Absent means the model's default (null). */
  initial?: unknown;
  timeoutMs: number;
  maxStates: number;
  workers: number | 'auto';
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const positiveInteger = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive())]);

const schema = z.object({
  model: z.enum(MODEL_NAMES).default('cas-register'),
  initial: z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  timeout: z
    .union([z.number().positive().finite().transform((s) => s * 1000), z.string().regex(DURATION).transform(durationMs)])
    .pipe(z.number().positive())
    .default(DEFAULT_TIMEOUT_MS),
  maxStates: positiveInteger.default(DEFAULT_MAX_STATES),
  workers: z.union([z.literal('auto'), z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).default('auto'),
});

const EXPECTED: Record<string, string> = {
  model: `one of ${MODEL_NAMES.join(', ')}`,
  initial: 'a number, a string, null or JSON value',
  timeout: 'a duration such as "60s", "500ms", "2m" or a number of seconds',
  maxStates: 'a positive whole number of cached states',
  workers: '"auto" or a whole number of worker threads (0: none)',
};

function durationMs(text: string): number {
  const [, amount, unit] = DURATION.exec(text.trim()) as RegExpExecArray;
  return Number(amount) * UNIT_MS[unit ?? 's'];
}

/** The CLI passes every value as a string: numeric strings become numbers and "null" becomes null. */
function initialFromFlag(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === 'null') return null;
  if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

export function parseLinearizableOptions(raw: Record<string, unknown>): LinearizableOptions {
  const input = { ...raw, initial: 'initial' in raw ? initialFromFlag(raw.initial) : undefined };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = String(issue.path[0] ?? '');
    const got = raw[option] === undefined ? 'nothing' : JSON.stringify(raw[option]);
    throw new ConfigError(`linearizable option "${option}"`, `expected ${EXPECTED[option] ?? 'a valid value'}, got ${got}`, { cause: parsed.error });
  }
  const { model, initial, timeout, maxStates, workers } = parsed.data;
  if (initial !== undefined && initial !== null && !MODELS_WITH_INITIAL.has(model)) {
    throw new ConfigError('linearizable option "initial"', `the ${model} model has no initial value (only ${[...MODELS_WITH_INITIAL].join(', ')} take one), got ${JSON.stringify(raw.initial)}`);
  }
  return { model, ...(initial !== undefined ? { initial } : {}), timeoutMs: timeout, maxStates, workers };
}
