// faultline's public entry (`import … from 'faultline'`): what a user needs to write a target,
// a client, a fault kind, a checker, a model or a generator, and to read and write histories.
// Every name is listed (no `export *`), so the public surface is exactly this file; anything
// not here is internal and may change. zod comes along as `z`, because a target's options are
// a zod schema and the user should not need zod as a dependency of their own.

export { z } from 'zod';

// The history: Jepsen's operations, and reading and writing them (JSONL, Jepsen's EDN).
export type { Completed, History, Key, Op, OpType, ProcessId } from './core/history.js';
export { completedOps, isClientOp, NEMESIS, nemesisOps, pairIndex } from './core/history.js';
export { HistoryValidator, parseHistoryJsonl, readHistoryJsonl, validateHistory, type ReadOptions, type ReadResult } from './core/history-reader.js';
export { HistoryWriter, historyToJsonl } from './core/history-writer.js';
export { readHistoryFile } from './core/history-file.js';
export { exportEdnHistory, importEdnHistory, type EdnImport, type EdnImportOptions } from './core/edn.js';

// Errors a user's code may throw or catch; the CLI maps their codes to exit codes.
export { ConfigError, errorMessage, FaultlineError, HistoryFormatError, isFaultlineError, type ErrorCode } from './core/errors.js';
export { Rng, randomSeed } from './core/rng.js';

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
} from './core/target.js';
export { hasFaultKinds, hasLeftovers, hasPrimary, nodeForWorker } from './core/target.js';
export { memoryTarget, type MemoryOptions } from './targets/memory/target.js';

// Helpers for targets whose nodes are servers: named ports, a readiness wait that notices a
// node's exit and quotes its log, and the fail/info judgement of client errors.
export {
  classifyError,
  commandCheck,
  DEFAULT_ERROR_RULES,
  describeExit,
  errorClassifier,
  errorCompletion,
  formatLogTail,
  httpCheck,
  isRefusal,
  logTail,
  nodeEndpoint,
  NodeNotReadyError,
  nodePort,
  peerAddress,
  Refusal,
  tcpCheck,
  waitUntilReady,
} from './targets/support/index.js';
export type {
  CheckFunction,
  CommandCheckOptions,
  ErrorClassifier,
  ErrorCompletion,
  ErrorContext,
  ErrorRule,
  HttpCheckOptions,
  NotReadyReason,
  ReadinessCheck,
  ReadinessOptions,
  Ready,
} from './targets/support/index.js';

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
} from './core/runtime.js';
export { dialAddress, isClockSkewable, isFaultVerifying, isPacketShapeable, isPartitionable, isPausable } from './core/runtime.js';

// Fault kinds a target brings (HasFaultKinds), and the pure partition topologies.
export type { FaultEnvironment, FaultKind } from './core/target.js';
export type { FaultSteps } from './nemesis/schedule.js';
export { bridge, completeGrudge, halves, invertGrudge, isolate, majoritiesRing, majority, noGrudge, randomHalves } from './nemesis/grudge.js';

// Checkers: a pure function from a history to a three-way verdict.
export type { CheckContext, Checker, ComposedVerdict, Validity, Verdict } from './core/verdict.js';
export { compose, mergeValidity } from './core/verdict.js';
export { parseCheckerOptions, type OptionDeclaration, type OptionDeclarations, type OptionKind } from './core/checker-options.js';
export type { HistoryShape, Misfit, OpRule, ValueShape } from './core/history-shape.js';

// Models for the linearizable checker: a user's own, or a built-in one to build on.
export { ILLEGAL, OperationError } from './core/model.js';
export type { Encoded, Illegal, Model, ModelOperation, ModelOptions, RevealedOrder, RevealInput, Revelation } from './core/model.js';
export {
  casRegisterModel,
  fifoQueueModel,
  kvModel,
  models,
  multiRegisterModel,
  mutexModel,
  registerModel,
  setModel,
  type ModelName,
} from './checkers/linearizable/models/index.js';
export { checkLinearizable, type CheckLinearizableOptions } from './checkers/linearizable/check.js';
export type { LinearizableDetails } from './checkers/linearizable/result.js';

// Generators: pure, seeded combinators in the spirit of Jepsen's.
export type { GenContext, GenLike, GenOp, GenStep, Generator, OpTemplate, WorkerId } from './core/generator.js';
export { cycle, fn, gen, isGenerator, once, repeat, seq } from './generators/basic.js';
export { delay, NS_PER_MS, NS_PER_S, sleep, stagger, timeLimit } from './generators/timing.js';
export { any, clients, eachProcess, nemesis, onWorkers, reserve } from './generators/routing.js';
export { flipFlop, limit, mix, phases, synchronize, untilOk } from './generators/combine.js';
export { independentKeys, type IndependentKeysOptions } from './generators/keys.js';
export { fromSource } from './generators/source.js';
export { simulate, type SimulationOptions } from './generators/simulate.js';

// Workloads: generators plus the checkers that judge their histories.
export { appendWorkload, type AppendWorkloadOptions } from './generators/workloads/append.js';
export { bankWorkload, type BankWorkloadOptions } from './generators/workloads/bank.js';
export { counterWorkload, type CounterWorkloadOptions } from './generators/workloads/counter.js';
export { incrementsWorkload, type IncrementsWorkloadOptions } from './generators/workloads/increments.js';
export { lockWorkload, type LockWorkloadOptions } from './generators/workloads/lock.js';
export { registerWorkload, type RegisterWorkloadOptions } from './generators/workloads/register.js';
export { setWorkload, type SetWorkloadOptions } from './generators/workloads/set.js';
export { listAppendWorkload, rwRegisterWorkload, type TxnWorkloadOptions } from './generators/workloads/txn.js';
