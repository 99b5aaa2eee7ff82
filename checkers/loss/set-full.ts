import type { History } from '../../core/history.js';
import { SET_FULL_SHAPE } from './shapes.js';
import type { CheckContext, Checker, Verdict } from '../../core/verdict.js';
import { splitByKey } from './keyed-events.js';
import { parseCheckerOptions } from '../../core/checker-options.js';
import { SET_FULL_OPTIONS } from './options.js';
import { latencyQuantiles } from './quantiles.js';
import { analyzeSetKey, SetFullTally } from './set-full-analysis.js';
import { scanSetKey } from './set-full-scan.js';
import type { SetFullDetails } from './set-full-types.js';

export interface SetFullOptions {
  /** Also invalid when a read missed an element that was already visible (a stale read). */
  linearizable?: boolean;
  /** Most entries per named list in the result (default 1000); counts stay complete. */
  limit?: number;
}

const SET_FS: ReadonlySet<string> = new Set(['add', 'read']);

/** Per element: was it lost, read stale, never read, or recovered after an unknown add. */
export function checkSetFull(history: History, options: SetFullOptions = {}, context: CheckContext = {}): Verdict<SetFullDetails> {
  const { linearizable, limit } = parseCheckerOptions<Required<SetFullOptions>>('set-full', SET_FULL_OPTIONS, options as Record<string, unknown>);
  const tally = new SetFullTally(limit);
  const { pairs, keys } = splitByKey(history, SET_FS);
  for (const { key, events } of keys) {
    if (context.signal?.aborted) return { valid: 'unknown', reason: `aborted after ${tally.keys} of ${keys.length} keys` };
    analyzeSetKey(scanSetKey(history, pairs, events), key, tally);
  }
  const details: SetFullDetails = {
    keys: tally.keys,
    attempted: tally.attempted,
    acknowledged: tally.acknowledged,
    outcomes: tally.outcomes,
    staleReads: tally.staleReads,
    lost: tally.lost,
    stale: tally.stale,
    neverRead: tally.neverRead,
    recovered: tally.recovered,
    unexpected: tally.unexpected,
    stableLatencyMs: latencyQuantiles(tally.stableLatencyNs.view()),
    truncated: tally.truncated,
  };
  if (tally.outcomes.lost > 0 || tally.outcomes.unexpected > 0) return { valid: false, ...details };
  // As Jepsen's set-full: with no element that reads kept seeing (no read after any add, or
  // nothing added), the history shows neither loss nor safety.
  const stable = tally.outcomes.ok + tally.outcomes.stale + tally.outcomes.recovered;
  if (stable === 0) return { valid: 'unknown', reason: NOTHING_STABLE, ...details };
  if (linearizable && tally.outcomes.stale > 0) return { valid: false, ...details };
  return { valid: true, ...details };
}

const NOTHING_STABLE = 'no element was seen by the reads that began after it became visible (no read followed an add, or nothing was added): nothing to decide';

export const setFullChecker: Checker<SetFullDetails> = {
  name: 'set-full',
  accepts: SET_FULL_SHAPE,
  options: SET_FULL_OPTIONS,
  summary: 'set add/read: acknowledged elements lost, stale reads, never-read and recovered elements, visibility latency',
  check: (history, options, context) => checkSetFull(history, options, context),
};
