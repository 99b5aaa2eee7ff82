import { availableParallelism } from 'node:os';
import { ConfigError } from '../../harness/errors.js';
import type { History } from '../../harness/history.js';
import { checkPartition, type PartitionReport } from './check-partition.js';
import { compilePartition, type CompiledPartition } from './compile.js';
import type { Model } from './model.js';
import { isModelName, MODEL_NAMES, models, type ModelName } from './models/catalog.js';
import { DEFAULT_MAX_STATES, DEFAULT_TIMEOUT_MS } from './options.js';
import { partitionHistory, type Partition } from './partition.js';
import type { LinearizableVerdict } from './result.js';
import { summarize } from './summarize.js';
import { checkInWorkers } from './worker-pool.js';

// The programmatic entry point: split the history by key, check every partition (on worker
// threads when there are several and enough work to repay starting them), and merge.

export interface CheckLinearizableOptions {
  /** Initial value for a built-in model given by name (register, cas-register, kv; a map from key to value for multi-register). */
  initial?: unknown;
  /** Time budget for the whole check, in milliseconds; default 60 000. */
  timeoutMs?: number;
  /** Memory budget: (linearized set, state) pairs each partition's search may cache; default 5 000 000. */
  maxStates?: number;
  /**
   * Worker threads: 0 checks in this thread; a number sends the partitions to that many
   * workers; "auto" (default) checks here and hands the remaining partitions to up to 4
   * workers (no more than the cores) once 0.5 s has passed (2 s when running from
   * TypeScript source). Only built-in models
   * named by string can run on workers: a Model object's functions cannot cross threads.
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
  assertModelName(model);
  const p = prepare(history, model, options);
  if (nothingToDecide(p)) return nothingDecided(p);
  const requested = options.workers ?? 'auto';
  const cores = Math.min(availableParallelism(), MAX_AUTO_WORKERS);
  if (p.name === undefined || p.partitions.length < 2 || requested === 0 || (requested === 'auto' && cores < 2)) return checkHere(p, options.signal);
  const budget = { deadline: p.deadline, maxStates: p.maxStates, isAborted: () => options.signal?.aborted === true };
  const reports: PartitionReport[] = [];
  // "auto" starts here and moves the rest to workers only once the check has proven slow
  // enough to repay starting them; a number sends everything to that many workers at once.
  let next = 0;
  if (requested === 'auto') {
    while (next < p.partitions.length && (p.partitions.length - next < 2 || performance.now() - p.started < PARALLEL_AFTER_MS)) {
      reports.push(checkPartition(p.partitions[next], p.compiled[next], p.model, budget));
      next++;
    }
  }
  let workersUsed = 0;
  if (next < p.partitions.length) {
    const count = requested === 'auto' ? Math.min(cores, p.partitions.length - next) : Math.min(requested, p.partitions.length - next);
    const pool = await checkInWorkers(
      p.partitions.slice(next),
      p.compiled.slice(next),
      { name: p.name, options: { initial: options.initial } },
      p.model,
      { deadline: p.deadline, maxStates: p.maxStates, signal: options.signal },
      count,
    );
    reports.push(...pool.reports);
    workersUsed = pool.workersUsed;
  }
  return summarize(p.model.name, reports, performance.now() - p.started, workersUsed, p.timeoutMs);
}

/** The same check, always in this thread and synchronous. */
export function checkLinearizableSync(history: History, model: Model | ModelName, options: Omit<CheckLinearizableOptions, 'workers'> = {}): LinearizableVerdict {
  assertModelName(model);
  const p = prepare(history, model, options);
  if (nothingToDecide(p)) return nothingDecided(p);
  return checkHere(p, options.signal);
}

/** No operation completed ok: every `info` may simply never have happened, so any model accepts it. */
function nothingToDecide(p: Prepared): boolean {
  return p.compiled.every((c) => c.okCount === 0);
}

function nothingDecided(p: Prepared): LinearizableVerdict {
  const verdict = summarize(p.model.name, [], performance.now() - p.started, 0, p.timeoutMs);
  const operations = p.compiled.reduce((sum, c) => sum + c.n, 0);
  const reason = 'no operation completed ok (the history has none, or only failed and indeterminate ones): nothing to decide';
  return { ...verdict, valid: 'unknown', reason, stats: { ...verdict.stats, partitions: p.partitions.length, operations } } as LinearizableVerdict;
}

function checkHere(p: Prepared, signal: AbortSignal | undefined): LinearizableVerdict {
  const budget = { deadline: p.deadline, maxStates: p.maxStates, isAborted: () => signal?.aborted === true };
  const reports: PartitionReport[] = p.partitions.map((partition, i) => checkPartition(partition, p.compiled[i], p.model, budget));
  return summarize(p.model.name, reports, performance.now() - p.started, 0, p.timeoutMs);
}

function assertModelName(model: Model | string): void {
  if (typeof model === 'string' && !isModelName(model)) {
    throw new ConfigError('linearizable model', `expected one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}`);
  }
}
