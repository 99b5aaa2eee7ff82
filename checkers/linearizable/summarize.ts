import type { PartitionReport } from './check-partition.js';
import type { LinearizableDetails, LinearizableVerdict, PartitionFailure, PartitionUnknown } from './result.js';

// Merges per-partition reports into one verdict: invalid if any partition is (naming the keys
// left unexplained once the first proof was in), else unknown if any ran out of budget
// (saying which budget and how far it got), else valid.

export function summarize(model: string, reports: readonly PartitionReport[], elapsedMs: number, workers: number, timeoutMs: number): LinearizableVerdict {
  const failures: PartitionFailure[] = [];
  const undecided: PartitionUnknown[] = [];
  let firstLimit = '';
  let operations = 0;
  let statesExplored = 0;
  let cachedStates = 0;
  for (const r of reports) {
    operations += r.operations;
    statesExplored += r.explored;
    cachedStates += r.cached;
    if (r.valid === false) failures.push(r.failure);
    if (r.valid === 'unknown') {
      if (undecided.length === 0) firstLimit = r.memoryLimit;
      undecided.push(r.undecided);
    }
  }
  const details: LinearizableDetails = {
    model,
    stats: { partitions: reports.length, operations, statesExplored, cachedStates, elapsedMs, workers },
    failures,
    undecided,
  };
  if (failures.length > 0) {
    const unexplained = undecided.filter((u) => u.budget === 'unexplained');
    if (unexplained.length > 0) {
      details.note = `stopped at the first proof: ${unexplained.length} other ${unexplained.length === 1 ? 'key was' : 'keys were'} left unexplained (${unexplained.map((u) => JSON.stringify(u.key)).join(', ')})`;
    }
    return { valid: false, ...details };
  }
  if (undecided.length > 0) return { valid: 'unknown', reason: undecidedReason(undecided, firstLimit, timeoutMs), ...details };
  return { valid: true, ...details };
}

function undecidedReason(undecided: readonly PartitionUnknown[], memoryLimit: string, timeoutMs: number): string {
  const first = undecided[0];
  const budget =
    first.budget === 'time'
      ? `the time budget (${formatMs(timeoutMs)}) ran out`
      : first.budget === 'memory'
        ? `the memory budget (${memoryLimit}) ran out`
        : 'the check was aborted';
  const where = first.key === null ? '' : ` on key ${JSON.stringify(first.key)}`;
  const progress = `after exploring ${first.statesExplored.toLocaleString('en-US')} states; the longest linearizable prefix found has ${first.longestPrefix} of ${first.operations} operations`;
  const more = undecided.length > 1 ? `; ${undecided.length - 1} more partition(s) undecided` : '';
  return `${budget}${where} ${progress}${more}`;
}

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
