// Simulated linearizable systems that produce well-formed histories with a known verdict,
// for property tests and benchmarks of the checkers.

export { simulate, type SimModel, type SimOp, type SimOutcome, type SimulationOptions } from './simulation.js';
export { bankModel, counterModel, idModel, incrementModel, setModel, type SetModelOptions } from './models.js';
