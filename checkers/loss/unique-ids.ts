import type { History, Key, Op } from '../../core/history.js';
import { UNIQUE_IDS_SHAPE } from './shapes.js';
import type { CheckContext, Checker, Verdict } from '../../core/verdict.js';
import { badOp } from './bad-op.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf, splitByKey, withKey } from './keyed-events.js';
import { parseCheckerOptions } from '../../core/checker-options.js';
import { UNIQUE_IDS_OPTIONS } from './options.js';

// History convention for the unique-ids checker:
//   {"f":"generate","value":null}     invoke
//   {"f":"generate","value":17}       ok completion: the id, a string, a number or any JSON value
// An optional `key` makes each key an independent id space.

export type GenerateOp = Op & { f: 'generate'; value: unknown };

export interface UniqueIdsOptions {
  /** Most duplicated ids listed (default 1000); the count stays complete. */
  limit?: number;
}

/** One id handed out more than once, with the ok completions that returned it. */
export interface DuplicateId {
  key?: Key;
  id: unknown;
  indices: number[];
}

export interface UniqueIdsDetails {
  attempted: number;
  acknowledged: number;
  failed: number;
  unknown: number;
  /** Distinct ids that were returned more than once. */
  duplicatedCount: number;
  duplicates: DuplicateId[];
  /** The smallest and largest numeric ids, when ids are numbers. */
  range: [number, number] | null;
  truncated: boolean;
}

const GENERATE_FS: ReadonlySet<string> = new Set(['generate']);

/** Every acknowledged id must be distinct within its key. */
export function checkUniqueIds(history: History, options: UniqueIdsOptions = {}, context: CheckContext = {}): Verdict<UniqueIdsDetails> {
  const { limit } = parseCheckerOptions<Required<UniqueIdsOptions>>('unique-ids', UNIQUE_IDS_OPTIONS, options as Record<string, unknown>);
  const details: UniqueIdsDetails = { attempted: 0, acknowledged: 0, failed: 0, unknown: 0, duplicatedCount: 0, duplicates: [], range: null, truncated: false };
  let low = Infinity;
  let high = -Infinity;
  const { pairs, keys } = splitByKey(history, GENERATE_FS);
  for (const { key, events } of keys) {
    if (context.signal?.aborted) return { valid: 'unknown', reason: 'aborted before every key was checked' };
    // Primitive ids are their own map keys; structured ids (arrays, objects) compare by their JSON text.
    const firstIndex = new Map<unknown, number>();
    const repeats = new Map<unknown, DuplicateId>();
    for (let n = 0; n < events.length; n++) {
      const e = events[n];
      const op = history[e];
      if (op.type === 'invoke') {
        details.attempted++;
        const outcome = outcomeOf(history, pairs, e);
        if (outcome === OUTCOME_FAIL) details.failed++;
        else if (outcome !== OUTCOME_OK) details.unknown++;
        continue;
      }
      if (op.type !== 'ok') continue;
      const id = op.value;
      if (id === null || id === undefined) throw badOp('unique-ids', op, 'must carry the generated id');
      details.acknowledged++;
      if (typeof id === 'number') {
        if (id < low) low = id;
        if (id > high) high = id;
      }
      const identity = typeof id === 'object' ? JSON.stringify(id) : id;
      const first = firstIndex.get(identity);
      if (first === undefined) {
        firstIndex.set(identity, e);
        continue;
      }
      let dup = repeats.get(identity);
      if (dup === undefined) {
        details.duplicatedCount++;
        dup = withKey(key, { id, indices: [first] });
        repeats.set(identity, dup);
        if (details.duplicates.length < limit) details.duplicates.push(dup);
        else details.truncated = true;
      }
      dup.indices.push(e);
    }
  }
  if (low <= high) details.range = [low, high];
  if (details.duplicatedCount > 0) return { valid: false, ...details };
  if (details.acknowledged === 0) return { valid: 'unknown', reason: 'no generate completed ok, so no id could be compared: nothing to decide', ...details };
  return { valid: true, ...details };
}

export const uniqueIdsChecker: Checker<UniqueIdsDetails> = {
  name: 'unique-ids',
  accepts: UNIQUE_IDS_SHAPE,
  options: UNIQUE_IDS_OPTIONS,
  summary: 'generated ids: every acknowledged id distinct; names duplicates with their indices',
  check: (history, options, context) => checkUniqueIds(history, options, context),
};
