import { z } from 'zod';
import { ConfigError } from '../../harness/errors.js';
import { ALL_ANOMALY_NAMES, isAnomalyName, type AnomalyName } from './consistency/anomalies.js';
import { CONSISTENCY_MODELS, canonicalModel, type ConsistencyModel } from './consistency/models.js';

export interface TxnCheckOptions {
  /** Models the history must satisfy; anomalies they prohibit make it invalid. Default strict-serializable. */
  consistencyModels: ConsistencyModel[];
  /** Further anomaly types that make the history invalid (and are searched for). */
  anomalies: AnomalyName[];
  /** Wall-clock budget for the cycle search in one strongly connected component. */
  cycleSearchTimeoutMs: number;
  /** Adjacency entries the cycle search may examine in one component. */
  cycleSearchMaxEdges: number;
  /** Witnesses kept per anomaly type (all are counted). */
  maxWitnesses: number;
  /** rw-register: a transaction that reads x = a and then writes x = b shows a < b. */
  wfrKeys: boolean;
  /** rw-register: each process observes every key's versions in order (per-key sequential consistency). */
  sequentialKeys: boolean;
  /** rw-register: every key's versions follow real time (per-key linearizability). */
  linearizableKeys: boolean;
}

export const DEFAULT_TXN_OPTIONS: TxnCheckOptions = {
  consistencyModels: ['strict-serializable'],
  anomalies: [],
  cycleSearchTimeoutMs: 1000,
  cycleSearchMaxEdges: 50_000_000,
  maxWitnesses: 8,
  wfrKeys: false,
  sequentialKeys: false,
  linearizableKeys: false,
};

// CLI flags arrive as strings, workloads pass real values: accept both spellings.
const nameList = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== ''),
);
const positiveNumber = z
  .union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/, 'must be a number').transform(Number)])
  .pipe(z.number().positive('must be greater than zero').finite());
const positiveInteger = positiveNumber.pipe(z.number().int('must be a whole number'));
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const schema = z.object({
  consistencyModels: nameList.optional(),
  anomalies: nameList.optional(),
  cycleSearchTimeoutMs: positiveNumber.optional(),
  cycleSearchMaxEdges: positiveInteger.optional(),
  maxWitnesses: positiveInteger.optional(),
  wfrKeys: flag.optional(),
  sequentialKeys: flag.optional(),
  linearizableKeys: flag.optional(),
});

/** Validates a txn checker's options; unknown options (meant for other checkers) are ignored. */
export function parseTxnOptions(raw: Record<string, unknown>): TxnCheckOptions {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? 'options');
    throw new ConfigError(field, `${issue.message} (got ${JSON.stringify(raw[field])})`);
  }
  const o = parsed.data;
  const models = (o.consistencyModels ?? DEFAULT_TXN_OPTIONS.consistencyModels).map((name) => {
    const model = canonicalModel(name);
    if (!model) throw new ConfigError('consistencyModels', `unknown consistency model ${JSON.stringify(name)} (known: ${CONSISTENCY_MODELS.join(', ')})`);
    return model;
  });
  const anomalies = (o.anomalies ?? []).map((name) => {
    if (!isAnomalyName(name)) throw new ConfigError('anomalies', `unknown anomaly ${JSON.stringify(name)} (known: ${ALL_ANOMALY_NAMES.join(', ')})`);
    return name;
  });
  if (models.length === 0 && anomalies.length === 0) {
    throw new ConfigError('consistencyModels', 'names no model and no anomalies are given either: there would be nothing to check');
  }
  return {
    ...DEFAULT_TXN_OPTIONS,
    ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
    consistencyModels: [...new Set(models)],
    anomalies: [...new Set(anomalies)],
  };
}
