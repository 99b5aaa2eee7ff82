import { decideQuickly, searchPartition, type PartitionReport } from './check-partition.js';
import type { CompiledPartition } from './compile.js';
import type { Model } from '../../core/model.js';
import type { Partition } from './partition.js';
import type { SearchOrder } from './search.js';

// Checks partitions in this thread so that one easy proof is not stuck behind a hard key,
// and stops at the first proof as Porcupine does. The cheap proofs run on every key first;
// then the searches go in rounds, each key getting a step allowance four times the last, so
// a key that is quick to decide is decided early whatever its place in the history (a
// search cut short starts over next round: at most a third of the work is repeated, and
// only one search's cache lives at a time). Once a key is proven not linearizable the
// verdict is known; the other keys get a short, bounded time to be explained too, and the
// rest are reported as left unexplained.

/** Steps for every key in the first round; each round gives four times more. */
const FIRST_ROUND_STEPS = 20_000;
const ROUND_GROWTH = 4;

export interface ScheduleBudget {
  deadline: number;
  maxStates: number;
  isAborted: () => boolean;
}

export interface ScheduleOptions {
  /** After a first proof, how long the other keys may still be explained. */
  explainMs: number;
  /** Date.now() after which undecided keys are handed back (for worker threads) instead of searched here; Infinity keeps them. */
  handOffAt: number;
}

export interface Schedule {
  /** Per partition; undefined for those handed back. */
  reports: (PartitionReport | undefined)[];
  /** Partitions handed back, undecided, with the order facts their search may use. */
  handedOff: number[];
  /** When the first key was proven not linearizable (Date.now()), if one was. */
  provenAt?: number;
}

interface Pending {
  index: number;
  order?: SearchOrder;
  /** The last round's report, cut short by its step allowance. */
  last?: PartitionReport;
}

export function checkPartitionsHere(
  partitions: readonly Partition[],
  compiled: readonly CompiledPartition[],
  model: Model,
  budget: ScheduleBudget,
  options: ScheduleOptions,
): Schedule {
  const reports: (PartitionReport | undefined)[] = new Array(partitions.length);
  let provenAt: number | undefined;
  let stopAt = budget.deadline;
  const settle = (index: number, report: PartitionReport) => {
    // Out of time after the proof means out of the time to explain it.
    reports[index] = provenAt !== undefined && report.valid === 'unknown' && report.undecided.budget !== 'memory' ? leftUnexplained(report) : report;
    if (report.valid === false && provenAt === undefined) {
      provenAt = Date.now();
      stopAt = Math.min(stopAt, provenAt + options.explainMs);
    }
  };
  let pending: Pending[] = [];
  for (let i = 0; i < partitions.length; i++) {
    if (budget.isAborted() || Date.now() >= stopAt) {
      pending.push({ index: i });
      continue;
    }
    const quick = decideQuickly(partitions[i], compiled[i], model, { ...budget, deadline: stopAt });
    if (quick.report) settle(i, quick.report);
    else pending.push({ index: i, order: quick.order });
  }

  let steps = FIRST_ROUND_STEPS;
  let handOff = false;
  while (pending.length > 0 && !handOff) {
    const next: Pending[] = [];
    for (const job of pending) {
      const now = Date.now();
      // Handing one key to a worker gains nothing over searching it here.
      const handing = provenAt === undefined && now >= options.handOffAt && pending.length >= 2;
      if (now >= stopAt || budget.isAborted() || handing) {
        handOff = handing && now < stopAt && !budget.isAborted();
        next.push(job);
        continue;
      }
      const search = { deadline: stopAt, maxStates: budget.maxStates, isAborted: budget.isAborted, ...(provenAt === undefined ? { maxSteps: steps } : {}) };
      const report = searchPartition(partitions[job.index], compiled[job.index], model, search, job.order);
      if (report.valid === 'unknown' && report.outOfSteps) next.push({ ...job, last: report });
      else settle(job.index, report);
    }
    if (next.length === pending.length && next.every((job, k) => job === pending[k])) {
      pending = next;
      break;
    }
    pending = next;
    steps *= ROUND_GROWTH;
  }

  const handedOff: number[] = [];
  for (const job of pending) {
    if (handOff) {
      handedOff.push(job.index);
      continue;
    }
    const report = job.last ? withoutStepMark(job.last) : notSearched(partitions[job.index], compiled[job.index], budget.isAborted() ? 'aborted' : 'time');
    reports[job.index] = provenAt !== undefined ? leftUnexplained(report) : report;
  }
  return { reports, handedOff, provenAt };
}

/** A report for a partition no search reached before the budget ran out. */
export function notSearched(partition: Partition, part: CompiledPartition, budget: 'time' | 'aborted' | 'unexplained'): PartitionReport {
  return {
    valid: 'unknown',
    undecided: { key: partition.key, budget, longestPrefix: 0, operations: part.n, statesExplored: 0 },
    memoryLimit: '',
    key: partition.key,
    operations: part.n,
    explored: 0,
    cached: 0,
    elapsedMs: 0,
  };
}

/** An undecided report of a key left while another key's proof was already in. */
export function leftUnexplained(report: PartitionReport): PartitionReport {
  if (report.valid !== 'unknown') return report;
  return { ...report, undecided: { ...report.undecided, budget: 'unexplained' } };
}

function withoutStepMark(report: PartitionReport): PartitionReport {
  if (report.valid !== 'unknown') return report;
  const { outOfSteps: _, ...rest } = report;
  return rest;
}
