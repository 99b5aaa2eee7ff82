export {
  AGGREGATE_ANOMALIES,
  ALL_ANOMALY_NAMES,
  CYCLE_ANOMALIES,
  NON_CYCLE_ANOMALIES,
  allAnomaliesImplying,
  allImpliedAnomalies,
  isAnomalyName,
  isCycleAnomaly,
} from './anomalies.js';
export type { AnomalyName, AnomalyType, CycleAnomalyType, NonCycleAnomalyType } from './anomalies.js';
export { CONSISTENCY_MODELS, anomaliesProhibitedBy, canonicalModel, modelsRuledOutBy } from './models.js';
export type { ConsistencyModel, RuledOutModels } from './models.js';
