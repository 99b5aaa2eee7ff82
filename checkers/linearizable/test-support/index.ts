// Helpers for tests and benchmarks only; not part of the checker's public surface.
export { OPERATIONS, specHistory, toHistory } from './arbitraries.js';
export type { SpecOp } from './arbitraries.js';
export { observesSomething, oracleLinearizable } from './oracle.js';
