import { availableParallelism } from 'node:os';
import { ConfigError } from '../../core/errors.js';
import type { History } from '../../core/history.js';
import type { PartitionReport } from './check-partition.js';
import { compilePartition, type CompiledPartition } from './compile.js';
import type { Model } from '../../core/model.js';
import { isModelName, MODEL_NAMES, models, type ModelName } from './models/catalog.js';
import { DEFAULT_MAX_STATES, DEFAULT_TIMEOUT_MS } from './options.js';
import { partitionHistory, type Partition } from './partition.js';
import type { LinearizableVerdict } from './result.js';
import { checkPartitionsHere } from './schedule.js';
import { summarize } from './summarize.js';
import type { ModelFactory } from './models/model-module.js';
import { checkInWorkers } from './worker-pool.js';
import type { ModelSpec } from './worker-protocol.js';

/** A user's model: the module it came from (for worker threads) and the factory it exports. */
export interface ModelModule {
  module: string;
  create: ModelFactory;
}

// The programmatic entry point: split the history by key, check every partition (the cheap
// proofs first, then searches in rounds, on worker threads when there are several and enough
// work to repay starting them), stop at the first key proven not linearizable, and merge.

export interface CheckLinearizableOptions {
  /** Initial value for a built-in model given by name (register, cas-register, kv; a map from key to value for multi-register). */
  initial?: unknown;
  /** Time budget for the whole check, in milliseconds; default 60 000. */
  timeoutMs?: number;
  /** Memory budget: (linearized set, state) pairs each partition's search may cache; default 5 000 000. */
  maxStates?: number;
  /**
   * Worker threads: 0 checks in this thread; a number sends the partitions the cheap proofs
   * leave open to that many workers; "auto" (default) checks here and hands the remaining partitions to up to 4
   * workers (no more than the cores) once 0.5 s has passed (2 s when running from
   * TypeScript source). Only models that a worker can build again run there: a built-in
   * named by string, or a ModelModule; a Model object's functions cannot cross threads.
   */
  workers?: number | 'auto';
  /**
   * Stops the check with an `aborted` unknown. A search in this thread keeps the event loop
   * busy, so only an abort from before the check (or while workers run) can be seen.
   */
  signal?: AbortSignal;
}

/**
 * Worker threads take a while to start, far longer from TypeScript source (tsx compiles the
 * modules again in each worker) than from compiled JavaScript: "auto" waits this long first.
 */
const PARALLEL_AFTER_MS = import.meta.url.endsWith('.ts') ? 2000 : 500;
const MAX_AUTO_WORKERS = 4;
/** Once one key is proven not linearizable, how long the others may still be explained. */
export const EXPLAIN_OTHERS_MS = 1000;

interface Prepared {
  model: Model;
  /** How a worker thread builds the same model; undefined when it cannot (a Model object). */
  spec: ModelSpec | undefined;
  partitions: Partition[];
  compiled: CompiledPartition[];
  started: number;
  deadline: number;
  timeoutMs: number;
  maxStates: number;
}

function prepare(history: History, model: Model | ModelName | ModelModule, options: CheckLinearizableOptions): Prepared {
  const started = performance.now();
  const startedAt = Date.now();
  const modelOptions = { initial: options.initial };
  let spec: ModelSpec | undefined;
  let instance: Model;
  if (typeof model === 'string') {
    spec = { name: model, options: modelOptions };
    instance = models[model](modelOptions);
  } else if (isModelModule(model)) {
    spec = { module: model.module, options: modelOptions };
    instance = model.create(modelOptions);
  } else {
    instance = model;
  }
  const partitions = partitionHistory(history);
  const compiled = partitions.map((p) => compilePartition(p, instance));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    model: instance,
    spec,
    partitions,
    compiled,
    started,
    deadline: startedAt + timeoutMs,
    timeoutMs,
    maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
  };
}

/** Decides whether `history` is linearizable with respect to `model`; see LinearizableDetails for the result. */
export async function checkLinearizable(
  history: History,
  model: Model | ModelName | ModelModule,
  options: CheckLinearizableOptions = {},
): Promise<LinearizableVerdict> {
  assertModelName(model);
  const p = prepare(history, model, options);
  const nothing = nothingToDecide(p);
  if (nothing) return nothingDecided(p, nothing);
  const requested = options.workers ?? 'auto';
  const cores = Math.min(availableParallelism(), MAX_AUTO_WORKERS);
  if (p.spec === undefined || p.partitions.length < 2 || requested === 0 || (requested === 'auto' && cores < 2)) return checkHere(p, options.signal);
  // "auto" starts here and moves what is left to workers only once the check has proven slow
  // enough to repay starting them; a number sends every key the cheap proofs leave open.
  const handOffAt = requested === 'auto' ? Date.now() + Math.max(0, PARALLEL_AFTER_MS - (performance.now() - p.started)) : -Infinity;
  const local = checkPartitionsHere(p.partitions, p.compiled, p.model, budgetOf(p, options.signal), { explainMs: EXPLAIN_OTHERS_MS, handOffAt });
  const reports = local.reports;
  let workersUsed = 0;
  if (local.handedOff.length > 0) {
    const indices = local.handedOff;
    const count = Math.min(requested === 'auto' ? cores : requested, indices.length);
    const pool = await checkInWorkers(
      indices.map((i) => p.partitions[i]),
      indices.map((i) => p.compiled[i]),
      p.spec,
      p.model,
      { deadline: p.deadline, maxStates: p.maxStates, signal: options.signal, explainMs: EXPLAIN_OTHERS_MS },
      count,
    );
    indices.forEach((i, k) => (reports[i] = pool.reports[k]));
    workersUsed = pool.workersUsed;
  }
  return summarize(p.model.name, reports as PartitionReport[], performance.now() - p.started, workersUsed, p.timeoutMs);
}

/** The same check, always in this thread and synchronous. */
export function checkLinearizableSync(
  history: History,
  model: Model | ModelName | ModelModule,
  options: Omit<CheckLinearizableOptions, 'workers'> = {},
): LinearizableVerdict {
  assertModelName(model);
  const p = prepare(history, model, options);
  const nothing = nothingToDecide(p);
  if (nothing) return nothingDecided(p, nothing);
  return checkHere(p, options.signal);
}

function budgetOf(p: Prepared, signal: AbortSignal | undefined) {
  return { deadline: p.deadline, maxStates: p.maxStates, isAborted: () => signal?.aborted === true };
}

function checkHere(p: Prepared, signal: AbortSignal | undefined): LinearizableVerdict {
  const { reports } = checkPartitionsHere(p.partitions, p.compiled, p.model, budgetOf(p, signal), { explainMs: EXPLAIN_OTHERS_MS, handOffAt: Infinity });
  return summarize(p.model.name, reports as PartitionReport[], performance.now() - p.started, 0, p.timeoutMs);
}

/**
 * No operation completed ok (every `info` may simply never have happened, so any model
 * accepts), or none that completed observes anything (only writes, say): nothing to decide.
 */
function nothingToDecide(p: Prepared): 'no-ok' | 'no-observation' | undefined {
  if (p.compiled.every((c) => c.okCount === 0)) return 'no-ok';
  const observes = p.model.observes?.bind(p.model);
  if (!observes) return undefined;
  const observed = p.compiled.some((c) => {
    for (let id = 0; id < c.okCount; id++) if (observes(c.inputs[id], c.outputs[id])) return true;
    return false;
  });
  return observed ? undefined : 'no-observation';
}

function nothingDecided(p: Prepared, why: 'no-ok' | 'no-observation'): LinearizableVerdict {
  const verdict = summarize(p.model.name, [], performance.now() - p.started, 0, p.timeoutMs);
  const operations = p.compiled.reduce((sum, c) => sum + c.n, 0);
  const reason =
    why === 'no-ok'
      ? 'no operation completed ok (the history has none, or only failed and indeterminate ones): nothing to decide'
      : `no operation that completed ok observes the state (no read${p.model.name === 'fifo-queue' ? ' or dequeue' : ''}; writes succeed in every state): nothing to decide`;
  return { ...verdict, valid: 'unknown', reason, stats: { ...verdict.stats, partitions: p.partitions.length, operations } } as LinearizableVerdict;
}

function isModelModule(model: Model | ModelModule): model is ModelModule {
  return typeof (model as Partial<ModelModule>).module === 'string' && typeof (model as Partial<ModelModule>).create === 'function';
}

function assertModelName(model: Model | ModelModule | string): void {
  if (typeof model === 'string' && !isModelName(model)) {
    throw new ConfigError('linearizable model', `expected one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}`);
  }
}
