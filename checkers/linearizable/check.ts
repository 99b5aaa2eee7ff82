import { availableParallelism } from 'node:os';
import type { History } from '../../harness/history.js';
import { checkPartition, type PartitionReport } from './check-partition.js';
import { compilePartition, type CompiledPartition } from './compile.js';
import type { Model } from './model.js';
import { isModelName, models, type ModelName } from './models/catalog.js';
import { DEFAULT_MAX_STATES, DEFAULT_TIMEOUT_MS } from './options.js';
import { partitionHistory, type Partition } from './partition.js';
import type { LinearizableVerdict } from './result.js';
import { summarize } from './summarize.js';
import { checkInWorkers } from './worker-pool.js';

// The programmatic entry point: split the history by key, check every partition (on worker
// threads when there are several and enough work to repay starting them), and merge.

export interface CheckLinearizableOptions {
  /** Initial value for a built-in model given by name (register, cas-register, kv). */
  initial?: unknown;
  /** Time budget for the whole check, in milliseconds; default 60 000. */
  timeoutMs?: number;
  /** Memory budget: (linearized set, state) pairs each partition's search may cache; default 5 000 000. */
  maxStates?: number;
  /**
   * Worker threads: 0 checks in this thread; "auto" (default) uses up to 4 when there are
   * several partitions and at least 10 000 operations. Only built-in models named by string
   * can run on workers: a Model object's functions cannot cross threads.
   */
  workers?: number | 'auto';
  signal?: AbortSignal;
}

const PARALLEL_MIN_OPERATIONS = 10_000;
const MAX_AUTO_WORKERS = 4;

interface Prepared {
  model: Model;
  name: ModelName | undefined;
  partitions: Partition[];
  compiled: CompiledPartition[];
  started: number;
  deadline: number;
  timeoutMs: number;
  maxStates: number;
}

function prepare(history: History, model: Model | ModelName, options: CheckLinearizableOptions): Prepared {
  const started = performance.now();
  const startedAt = Date.now();
  const name = typeof model === 'string' ? model : undefined;
  const instance = typeof model === 'string' ? models[model]({ initial: options.initial }) : model;
  const partitions = partitionHistory(history);
  const compiled = partitions.map((p) => compilePartition(p, instance));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    model: instance,
    name,
    partitions,
    compiled,
    started,
    deadline: startedAt + timeoutMs,
    timeoutMs,
    maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
  };
}

/** Decides whether `history` is linearizable with respect to `model`; see LinearizableDetails for the result. */
export async function checkLinearizable(history: History, model: Model | ModelName, options: CheckLinearizableOptions = {}): Promise<LinearizableVerdict> {
  if (typeof model === 'string' && !isModelName(model)) throw new TypeError(`unknown model "${model}"`);
  const p = prepare(history, model, options);
  const workers = workerCount(p, options.workers ?? 'auto');
  if (workers === 0 || p.name === undefined) return checkHere(p, options.signal);
  const { reports, workersUsed } = await checkInWorkers(
    p.partitions,
    p.compiled,
    { name: p.name, options: { initial: options.initial } },
    p.model,
    { deadline: p.deadline, maxStates: p.maxStates, signal: options.signal },
    workers,
  );
  return summarize(p.model.name, reports, performance.now() - p.started, workersUsed, p.timeoutMs);
}

/** The same check, always in this thread and synchronous. */
export function checkLinearizableSync(history: History, model: Model | ModelName, options: Omit<CheckLinearizableOptions, 'workers'> = {}): LinearizableVerdict {
  if (typeof model === 'string' && !isModelName(model)) throw new TypeError(`unknown model "${model}"`);
  return checkHere(prepare(history, model, options), options.signal);
}

function checkHere(p: Prepared, signal: AbortSignal | undefined): LinearizableVerdict {
  const budget = { deadline: p.deadline, maxStates: p.maxStates, isAborted: () => signal?.aborted === true };
  const reports: PartitionReport[] = p.partitions.map((partition, i) => checkPartition(partition, p.compiled[i], p.model, budget));
  return summarize(p.model.name, reports, performance.now() - p.started, 0, p.timeoutMs);
}

function workerCount(p: Prepared, requested: number | 'auto'): number {
  if (p.name === undefined || p.partitions.length < 2) return 0;
  if (requested !== 'auto') return Math.min(requested, p.partitions.length);
  let operations = 0;
  for (const c of p.compiled) operations += c.n;
  if (operations < PARALLEL_MIN_OPERATIONS) return 0;
  const cores = Math.min(availableParallelism(), MAX_AUTO_WORKERS, p.partitions.length);
  return cores >= 2 ? cores : 0;
}
