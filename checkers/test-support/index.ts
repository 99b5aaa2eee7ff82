// Test support shared by every folder's tests and the benches (never built into dist/):
// hand-written histories and verdict narrowing.
export { history, HistoryBuilder } from './history-builder.js';
export type { EventSpec, MicroOp, OpExtras, TxnHandle } from './history-builder.js';
export { decided } from './decided.js';
