// Test support shared by every folder's tests and the benches (never built into dist/): the
// one history builder for hand-written histories, the one simulator (simulate() with a model
// per kind of system) for generated ones, and verdict narrowing.
export { history, HistoryBuilder } from './history-builder.js';
export type { EventSpec, MicroOp, OpExtras, TxnHandle } from './history-builder.js';
export { decided } from './decided.js';
export { simulate } from './simulate/simulation.js';
export type { SimModel, SimOp, SimOutcome, SimulationOptions } from './simulate/simulation.js';
export { bankModel, counterModel, idModel, incrementModel, setModel } from './simulate/loss-models.js';
export type { SetModelOptions } from './simulate/loss-models.js';
export { lockModel } from './simulate/lock-model.js';
export type { LockModelOptions } from './simulate/lock-model.js';
export { corruptRead, registerModel } from './simulate/register-model.js';
export type { RegisterModelOptions } from './simulate/register-model.js';
