import type { CompiledPartition } from './compile.js';
import { explainFailure, explainImpossible } from './explain.js';
import { findImpossibleOperation } from './impossible.js';
import type { Model } from './model.js';
import type { Partition } from './partition.js';
import type { PartitionFailure, PartitionUnknown } from './result.js';
import { searchLinearization, type SearchBudget } from './search.js';

// One partition from start to verdict, as plain data: the unit of work a worker thread does.

interface PartitionCounters {
  key: Partition['key'];
  /** Operations placed by the search (fails and unknown reads dropped). */
  operations: number;
  explored: number;
  cached: number;
  elapsedMs: number;
}

/** What a search may spend only to explain a verdict already proven. */
const EXPLANATION_BUDGET = { maxStates: 20_000, maxSteps: 50_000 };

export type PartitionReport =
  | ({ valid: true } & PartitionCounters)
  | ({ valid: false; failure: PartitionFailure } & PartitionCounters)
  | ({ valid: 'unknown'; undecided: PartitionUnknown; memoryLimit: string } & PartitionCounters);

/** `part` is `partition` compiled for `model` (compilePartition), done by the caller so that bad operations are reported before any work starts. */
export function checkPartition(partition: Partition, part: CompiledPartition, model: Model, budget: SearchBudget): PartitionReport {
  const started = performance.now();
  const impossible = findImpossibleOperation(part, model);
  // The verdict is already known; a short search can still give the fuller explanation.
  const outcome = searchLinearization(part, model, impossible ? { ...budget, ...EXPLANATION_BUDGET, maxStates: Math.min(budget.maxStates, EXPLANATION_BUDGET.maxStates) } : budget);
  if (impossible && outcome.kind !== 'not-linearizable') {
    const failure = explainImpossible(partition, part, model, impossible);
    return { valid: false, failure, key: partition.key, operations: part.n, explored: outcome.explored, cached: outcome.cached, elapsedMs: performance.now() - started };
  }
  const counters = { key: partition.key, operations: part.n, explored: outcome.explored, cached: outcome.cached };
  const elapsed = () => performance.now() - started;
  switch (outcome.kind) {
    case 'linearizable':
      return { valid: true, ...counters, elapsedMs: elapsed() };
    case 'not-linearizable': {
      const failure = explainFailure(partition, part, model, outcome.best);
      return { valid: false, failure, ...counters, elapsedMs: elapsed() };
    }
    case 'budget': {
      const undecided: PartitionUnknown = {
        key: partition.key,
        budget: outcome.budget,
        longestPrefix: outcome.best.length,
        operations: part.n,
        statesExplored: outcome.explored,
      };
      return { valid: 'unknown', undecided, memoryLimit: outcome.memoryLimit, ...counters, elapsedMs: elapsed() };
    }
  }
}
