import { ConfigError } from '../../core/errors.js';
import { parseCheckerOptions, type OptionDeclarations } from '../../core/checker-options.js';
import { ALL_ANOMALY_NAMES, type AnomalyName } from './consistency/anomalies.js';
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

const SHARED: OptionDeclarations = [
  {
    name: 'consistencyModels',
    kind: 'list',
    choices: CONSISTENCY_MODELS,
    canonical: canonicalModel,
    default: DEFAULT_TXN_OPTIONS.consistencyModels,
    help: 'models the history must satisfy; the anomalies they prohibit make it invalid (aliases such as PL-2.99 accepted)',
  },
  {
    name: 'anomalies',
    kind: 'list',
    choices: ALL_ANOMALY_NAMES,
    default: DEFAULT_TXN_OPTIONS.anomalies,
    help: 'further anomalies that make the history invalid',
  },
  {
    name: 'cycleSearchTimeoutMs',
    kind: 'number',
    min: 1,
    default: DEFAULT_TXN_OPTIONS.cycleSearchTimeoutMs,
    help: 'milliseconds the cycle search may spend on one strongly connected component',
  },
  {
    name: 'cycleSearchMaxEdges',
    kind: 'integer',
    min: 1,
    default: DEFAULT_TXN_OPTIONS.cycleSearchMaxEdges,
    help: 'adjacency entries the cycle search may examine in one component',
  },
  { name: 'maxWitnesses', kind: 'integer', min: 1, default: DEFAULT_TXN_OPTIONS.maxWitnesses, help: 'witness cycles kept per anomaly (all are counted)' },
];

export const LIST_APPEND_OPTIONS: OptionDeclarations = SHARED;

export const RW_REGISTER_OPTIONS: OptionDeclarations = [
  ...SHARED,
  { name: 'wfrKeys', kind: 'boolean', default: false, help: 'assume a transaction that reads x = a and then writes x = b orders a before b' },
  { name: 'sequentialKeys', kind: 'boolean', default: false, help: "assume each process observes every key's versions in order" },
  { name: 'linearizableKeys', kind: 'boolean', default: false, help: "assume every key's versions follow real time" },
];

/** Validates a txn checker's options (rw-register's declarations, a superset of list-append's). */
export function parseTxnOptions(raw: Record<string, unknown>, checker: 'list-append' | 'rw-register' = 'rw-register'): TxnCheckOptions {
  const declarations = checker === 'list-append' ? LIST_APPEND_OPTIONS : RW_REGISTER_OPTIONS;
  const o = parseCheckerOptions<Partial<TxnCheckOptions>>(checker, declarations, raw);
  const options: TxnCheckOptions = { ...DEFAULT_TXN_OPTIONS, ...o };
  if (options.consistencyModels.length === 0 && options.anomalies.length === 0) {
    throw new ConfigError(`${checker} option "consistencyModels"`, 'names no model and no anomalies are given either: there would be nothing to check');
  }
  return options;
}
