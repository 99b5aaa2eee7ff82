export { checkRwRegister, rwRegisterChecker } from './checker.js';
export { RegisterExplainer } from './explain.js';
export { buildRegisterIndex } from './register-index.js';
export type { RegisterIndex } from './register-index.js';
export { BY_INITIAL_STATE, BY_PROCESS_ORDER, BY_REAL_TIME, BY_WRITES_FOLLOW_READS, inferVersionOrder } from './version-order.js';
export type { VersionCycle, VersionOrder } from './version-order.js';
