export { TxnHistoryBuilder } from './history-builder.js';
export type { MicroOp, TxnHandle } from './history-builder.js';
export { detailsOf, txnIds, witnessOf } from './verdict.js';
