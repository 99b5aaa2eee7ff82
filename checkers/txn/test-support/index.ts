export { TxnHistoryBuilder } from './history-builder.js';
export type { MicroOp, TxnHandle } from './history-builder.js';
export { detailsOf, txnIds, witnessOf } from './verdict.js';
export { runSerialExecutor } from './serial-executor.js';
export type { ExecutorFault, ExecutorOptions, ExecutorRun } from './serial-executor.js';
export { serialOrderExists } from './brute-force-oracle.js';
export type { OracleOptions } from './brute-force-oracle.js';
