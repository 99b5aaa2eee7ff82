// The linearizability checker: Wing–Gong–Lowe search with a state cache, split per key.
export { linearizableChecker } from './checker.js';
export { checkLinearizable, checkLinearizableSync } from './check.js';
export type { CheckLinearizableOptions } from './check.js';
export { ILLEGAL, OperationError } from '../../core/model.js';
export type { Encoded, Illegal, Model, ModelOperation, ModelOptions, RevealedOrder, RevealInput, Revelation } from '../../core/model.js';
export {
  MODEL_NAMES,
  models,
  isModelName,
  casRegisterModel,
  fifoQueueModel,
  kvModel,
  multiRegisterModel,
  mutexModel,
  registerModel,
  setModel,
} from './models/index.js';
export type { ModelName } from './models/index.js';
export { parseLinearizableOptions, DEFAULT_MAX_STATES, DEFAULT_TIMEOUT_MS, LINEARIZABLE_OPTIONS } from './options.js';
export type { LinearizableOptions } from './options.js';
export { partitionHistory } from './partition.js';
export type { Partition, PartitionOp } from './partition.js';
export type {
  BlockedOperation,
  LinearizableDetails,
  LinearizableStats,
  LinearizableVerdict,
  LinearizedOperation,
  OperationRef,
  PartitionFailure,
  PartitionUnknown,
} from './result.js';
export { canonical, hashCanonical, hashString, mix32, showCanonical, stableJson } from './values.js';
export type { Canonical } from './values.js';
