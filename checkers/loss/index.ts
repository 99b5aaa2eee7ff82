// Data-loss checkers: pure functions from a history to a verdict, one per workload shape.

export { checkSetFull, setFullChecker, type SetFullOptions } from './set-full.js';
export {
  SET_OUTCOMES,
  type LostElement,
  type SetAddOp,
  type SetElement,
  type SetElementRef,
  type SetFullDetails,
  type SetOutcome,
  type SetReadOp,
  type StaleElement,
  type UnexpectedElement,
} from './set-full-types.js';
export {
  checkCounter,
  counterChecker,
  type CounterAddOp,
  type CounterDetails,
  type CounterLoss,
  type CounterOptions,
  type CounterReadOp,
  type CounterReadViolation,
} from './counter.js';
export { checkBank, bankChecker } from './bank.js';
export type {
  BankBadRead,
  BankDetails,
  BankOptions,
  BankReadOp,
  BankReadProblem,
  BankSummary,
  BankTransferOp,
  BankUnreflected,
  Transfer,
} from './bank-types.js';
export {
  checkLostUpdate,
  lostUpdateChecker,
  type AckedIncrement,
  type FinalReadOp,
  type IncrementOp,
  type LostIncrements,
  type LostUpdateDetails,
  type LostUpdateOptions,
  type LostUpdatePair,
} from './lost-update.js';
export { checkUniqueIds, uniqueIdsChecker, type DuplicateId, type GenerateOp, type UniqueIdsDetails, type UniqueIdsOptions } from './unique-ids.js';
export { latencyQuantiles, type LatencyQuantiles } from './quantiles.js';
