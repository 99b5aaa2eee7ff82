// The transactional (Elle-style) checkers: list-append and rw-register histories in,
// anomalies with witness cycles and the consistency models they rule out, out.

export { checkListAppend, listAppendChecker } from './list-append/index.js';
export { checkRwRegister, rwRegisterChecker } from './rw-register/index.js';
export { DEFAULT_TXN_OPTIONS, LIST_APPEND_OPTIONS, parseTxnOptions, RW_REGISTER_OPTIONS } from './options.js';
export type { TxnCheckOptions } from './options.js';
export type { TxnCheckDetails, TxnCheckStats, TxnVerdict, Witness, WitnessEdge, WitnessTxn } from './types.js';
export {
  ALL_ANOMALY_NAMES,
  CONSISTENCY_MODELS,
  CYCLE_ANOMALIES,
  NON_CYCLE_ANOMALIES,
  allAnomaliesImplying,
  allImpliedAnomalies,
  anomaliesProhibitedBy,
  canonicalModel,
  modelsRuledOutBy,
} from './consistency/index.js';
export type { AnomalyName, AnomalyType, ConsistencyModel, CycleAnomalyType, NonCycleAnomalyType, RuledOutModels } from './consistency/index.js';
export type { EdgeKind } from './graph/index.js';
