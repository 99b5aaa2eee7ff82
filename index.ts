// faultline's public entry (`import … from 'faultline'`): what a user needs to write a target,
// a client, a fault kind, a checker, a model or a generator, and to read and write histories.
// Every name is listed (no `export *`), so the public surface is exactly this file; anything
// not here is internal and may change. zod comes along as `z`, because a target's options are
// a zod schema and the user should not need zod as a dependency of their own.

export { z } from 'zod';

// The history: Jepsen's operations, and reading and writing them (JSONL, Jepsen's EDN).
export type { Completed, History, Key, Op, OpType, ProcessId } from './harness/history.js';
export { completedOps, isClientOp, NEMESIS, nemesisOps, pairIndex } from './harness/history.js';
export { HistoryValidator, parseHistoryJsonl, readHistoryJsonl, validateHistory, type ReadOptions, type ReadResult } from './harness/history-reader.js';
export { HistoryWriter, historyToJsonl } from './harness/history-writer.js';
export { readHistoryFile } from './harness/history-file.js';
export { exportEdnHistory, importEdnHistory, type EdnImport, type EdnImportOptions } from './harness/edn.js';

// Errors a user's code may throw or catch; the CLI maps their codes to exit codes.
export { ConfigError, errorMessage, FaultlineError, HistoryFormatError, isFaultlineError, type ErrorCode } from './harness/errors.js';
export { Rng, randomSeed } from './harness/rng.js';

// Targets: the system under test and its clients.
export type {
  CheckerSpec,
  Client,
  ClusterSizing,
  ClusterSpec,
  Completion,
  FaultKindFactory,
  HasFaultKinds,
  HasLeftovers,
  HasPrimary,
  Invocation,
  Target,
  TargetContext,
  TargetFlag,
  Workload,
  WorkloadOptions,
} from './targets/target.js';
export { hasFaultKinds, hasLeftovers, hasPrimary, nodeForWorker } from './targets/target.js';
export { memoryTarget, type MemoryOptions } from './targets/memory/target.js';

// Where nodes run, and the capabilities a fault asks a runtime for.
export type {
  ClockSkewable,
  ContainerNeeds,
  Endpoint,
  FaultCheck,
  FaultOutcome,
  FaultType,
  FaultVerifying,
  Grudge,
  LinkExpectation,
  NetworkInForce,
  NodeCommand,
  NodeInfo,
  NodePlacement,
  NodeRuntime,
  PacketBehaviour,
  PacketShapeable,
  Partitionable,
  Pausable,
  RuntimePlacement,
} from './nemesis/runtime.js';
export { dialAddress, isClockSkewable, isFaultVerifying, isPacketShapeable, isPartitionable, isPausable } from './nemesis/runtime.js';

// Fault kinds a target brings (HasFaultKinds), and the pure partition topologies.
export type { FaultEnvironment, FaultKind } from './nemesis/faults/fault-kind.js';
export type { FaultSteps } from './nemesis/schedule.js';
export { bridge, completeGrudge, halves, invertGrudge, isolate, majoritiesRing, majority, noGrudge, randomHalves } from './nemesis/grudge.js';

// Checkers: a pure function from a history to a three-way verdict.
export type { CheckContext, Checker, ComposedVerdict, Validity, Verdict } from './checkers/verdict.js';
export { compose, mergeValidity } from './checkers/verdict.js';
export { parseCheckerOptions, type OptionDeclaration, type OptionDeclarations, type OptionKind } from './checkers/options.js';
export type { HistoryShape, Misfit, OpRule, ValueShape } from './checkers/shape.js';

// Models for the linearizable checker: a user's own, or a built-in one to build on.
export { ILLEGAL, OperationError } from './checkers/linearizable/model.js';
export type { Encoded, Illegal, Model, ModelOperation, ModelOptions, RevealedOrder, RevealInput, Revelation } from './checkers/linearizable/model.js';
export { casRegisterModel, fifoQueueModel, kvModel, models, multiRegisterModel, mutexModel, registerModel, setModel, type ModelName } from './checkers/linearizable/models/index.js';
export { checkLinearizable, type CheckLinearizableOptions } from './checkers/linearizable/check.js';
export type { LinearizableDetails } from './checkers/linearizable/result.js';

// Generators: pure, seeded combinators in the spirit of Jepsen's.
export type { GenContext, GenLike, GenOp, GenStep, Generator, OpTemplate, WorkerId } from './harness/generator/types.js';
export { cycle, fn, gen, isGenerator, once, repeat, seq } from './harness/generator/basic.js';
export { delay, NS_PER_MS, NS_PER_S, sleep, stagger, timeLimit } from './harness/generator/timing.js';
export { any, clients, eachProcess, nemesis, onWorkers, reserve } from './harness/generator/routing.js';
export { flipFlop, limit, mix, phases, synchronize, untilOk } from './harness/generator/combine.js';
export { independentKeys, type IndependentKeysOptions } from './harness/generator/keys.js';
export { fromSource } from './harness/generator/source.js';
export { simulate, type SimulationOptions } from './harness/generator/simulate.js';

// Workloads: generators plus the checkers that judge their histories.
export { appendWorkload, type AppendWorkloadOptions } from './harness/workloads/append.js';
export { bankWorkload, type BankWorkloadOptions } from './harness/workloads/bank.js';
export { counterWorkload, type CounterWorkloadOptions } from './harness/workloads/counter.js';
export { incrementsWorkload, type IncrementsWorkloadOptions } from './harness/workloads/increments.js';
export { lockWorkload, type LockWorkloadOptions } from './harness/workloads/lock.js';
export { registerWorkload, type RegisterWorkloadOptions } from './harness/workloads/register.js';
export { setWorkload, type SetWorkloadOptions } from './harness/workloads/set.js';
export { listAppendWorkload, rwRegisterWorkload, type TxnWorkloadOptions } from './harness/workloads/txn.js';
