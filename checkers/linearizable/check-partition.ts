import type { CompiledPartition } from './compile.js';
import { describeCycle, explainContradiction, explainFailure, explainImpossible } from './explain.js';
import { findImpossibleOperation } from './impossible.js';
import type { Model } from '../../core/model.js';
import type { Partition } from './partition.js';
import type { PartitionFailure, PartitionUnknown } from './result.js';
import { analyzeRevealedOrder } from './revealed-order.js';
import { searchLinearization, type SearchBudget, type SearchOrder } from './search.js';

// One partition from start to verdict, as plain data: the unit of work a worker thread does.
// First the cheap proofs (what the reads reveal, operations no state allows), then the search.

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
  | ({ valid: 'unknown'; undecided: PartitionUnknown; memoryLimit: string; outOfSteps?: true } & PartitionCounters);

/** A verdict from the cheap proofs, or the order facts that prune the search still needed. */
export type QuickResult = { report: PartitionReport } | { report?: undefined; order?: SearchOrder };

/** `part` is `partition` compiled for `model` (compilePartition), done by the caller so that bad operations are reported before any work starts. */
export function checkPartition(partition: Partition, part: CompiledPartition, model: Model, budget: SearchBudget): PartitionReport {
  const quick = decideQuickly(partition, part, model, budget);
  return quick.report ?? searchPartition(partition, part, model, budget, quick.order);
}

/**
 * The proofs that cost little: an order the reads reveal, which real time contradicts or
 * which replays as a linearization; and an operation no state the history can produce allows.
 */
export function decideQuickly(partition: Partition, part: CompiledPartition, model: Model, budget: SearchBudget): QuickResult {
  const started = performance.now();
  const counters = (explored: number, cached: number) => ({ key: partition.key, operations: part.n, explored, cached, elapsedMs: performance.now() - started });
  const explanationBudget = { ...budget, ...EXPLANATION_BUDGET, maxStates: Math.min(budget.maxStates, EXPLANATION_BUDGET.maxStates) };
  const revealed = analyzeRevealedOrder(part, model);
  let order: SearchOrder | undefined;
  switch (revealed.kind) {
    case 'impossible':
      return { report: { valid: false, failure: explainContradiction(partition, part, model, revealed.op, revealed.reason), ...counters(0, 0) } };
    case 'linearizable':
      return { report: { valid: true, ...counters(revealed.order.length, 0) } };
    case 'cycle': {
      // Proven. A short search gives the usual explanation (the longest prefix and why nothing
      // fits after it) when it finishes; the cycle says why in any case.
      let outcome = searchLinearization(part, model, explanationBudget);
      if (outcome.kind !== 'not-linearizable') outcome = searchLinearization(part, model, explanationBudget, revealed.order);
      // A prefix holding every ok operation leaves no deadline to explain; the empty one always does.
      const prefix = outcome.kind === 'not-linearizable' ? outcome.best : placesEveryOk(part, revealed.prefix) ? new Int32Array(0) : revealed.prefix;
      const failure = explainFailure(partition, part, model, prefix);
      failure.found = 'revealed-order';
      failure.because = describeCycle(partition, part, model, revealed.cycle);
      return { report: { valid: false, failure, ...counters(outcome.explored, outcome.cached) } };
    }
    case 'undecided':
      order = revealed.order;
      break;
    case 'none':
      break;
  }
  const impossible = findImpossibleOperation(part, model);
  if (!impossible) return { order };
  // The verdict is already known; a short search can still give the fuller explanation.
  const outcome = searchLinearization(part, model, explanationBudget, order);
  const failure =
    outcome.kind === 'not-linearizable' ? explainFailure(partition, part, model, outcome.best) : explainImpossible(partition, part, model, impossible);
  return { report: { valid: false, failure, ...counters(outcome.explored, outcome.cached) } };
}

/** The Wing–Gong–Lowe search, pruned by `order` when the reads revealed one. */
export function searchPartition(partition: Partition, part: CompiledPartition, model: Model, budget: SearchBudget, order?: SearchOrder): PartitionReport {
  const started = performance.now();
  const outcome = searchLinearization(part, model, budget, order);
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
        // Running out of steps is running out of the time a caller handed out in steps.
        budget: outcome.budget === 'steps' ? 'time' : outcome.budget,
        longestPrefix: outcome.best.length,
        operations: part.n,
        statesExplored: outcome.explored,
      };
      const report: PartitionReport = { valid: 'unknown', undecided, memoryLimit: outcome.memoryLimit, ...counters, elapsedMs: elapsed() };
      // Only the step allowance ran out: a caller handing out steps in rounds may try again.
      if (outcome.budget === 'steps') report.outOfSteps = true;
      return report;
    }
  }
}

function placesEveryOk(part: CompiledPartition, prefix: Int32Array): boolean {
  let ok = 0;
  for (const id of prefix) if (id < part.okCount) ok++;
  return ok === part.okCount;
}
