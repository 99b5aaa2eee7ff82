export type { GenContext, GenLike, GenOp, GenStep, Generator, OpTemplate, WorkerId } from './types.js';
export { cycle, fn, gen, isGenerator, once, repeat, seq } from './basic.js';
export { delay, NS_PER_MS, NS_PER_S, sleep, stagger, timeLimit } from './timing.js';
export { any, clients, eachProcess, nemesis, onWorkers, reserve } from './routing.js';
export { flipFlop, limit, mix, phases, synchronize, untilOk } from './combine.js';
export { allFree, restrictContext, WorkerContext } from './context.js';
export { WorkerTable } from './workers.js';
export { independentKeys, type IndependentKeysOptions } from './keys.js';
export { simulate, type SimulationOptions } from './simulate.js';
