// The checkers: pure functions from a history to a verdict. Each sub-folder's index lists
// its full API; this file names the entry points most callers need.
export type { CheckContext, Checker, ComposedVerdict, Validity, Verdict } from '../core/verdict.js';
export { compose, mergeValidity } from '../core/verdict.js';
export { allCheckers, checkerCatalog, checkerNames, findChecker } from './registry.js';
export type { CheckerCatalog } from './registry.js';
export { computeStats, statsChecker, type OutcomeCounts, type StatsDetails } from './stats.js';
export {
  checkLinearizable,
  checkLinearizableSync,
  linearizableChecker,
  models,
  MODEL_NAMES,
  type Model,
  type LinearizableDetails,
} from './linearizable/index.js';
export { checkListAppend, checkRwRegister, listAppendChecker, rwRegisterChecker, CONSISTENCY_MODELS, type TxnCheckDetails, type Witness } from './txn/index.js';
export {
  bankChecker,
  checkBank,
  checkCounter,
  checkLostUpdate,
  checkSetFull,
  checkUniqueIds,
  counterChecker,
  lostUpdateChecker,
  setFullChecker,
  uniqueIdsChecker,
} from './loss/index.js';
export { checkLock, lockChecker } from './lock/index.js';
