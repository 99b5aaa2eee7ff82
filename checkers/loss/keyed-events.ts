import { NEMESIS, pairIndex, type History, type Key } from '../../core/history.js';
import { IntList } from './int-list.js';

/** The operations on one independent key, as history indices of invocations and completions in order. */
export interface KeyEvents {
  /** `undefined` for operations without a key. */
  key: Key | undefined;
  events: Int32Array;
}

export interface KeyedHistory {
  /** `pairIndex(history)`: completion of each invocation and invocation of each completion, or -1. */
  pairs: Int32Array;
  keys: KeyEvents[];
}

/**
 * Splits the client operations named in `fs` by their `key`, for P-compositional checking.
 * A completion belongs to its invocation's key, so a client that omits the key on the
 * completion still lands in the right group. Keys keep their first-appearance order.
 */
export function splitByKey(history: History, fs: ReadonlySet<string>): KeyedHistory {
  const pairs = pairIndex(history);
  const lists = new Map<Key | undefined, IntList>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process === NEMESIS || !fs.has(op.f)) continue;
    const partner = pairs[i];
    if (op.type !== 'invoke' && partner < 0) continue;
    const owner = op.type === 'invoke' ? op : history[partner];
    let list = lists.get(owner.key);
    if (list === undefined) {
      list = new IntList(64);
      lists.set(owner.key, list);
    }
    list.push(i);
  }
  const keys: KeyEvents[] = [];
  for (const [key, list] of lists) keys.push({ key, events: list.view() });
  return { pairs, keys };
}

/** Outcome codes for typed arrays: what an invocation ended as. */
export const OUTCOME_OK = 1;
export const OUTCOME_FAIL = 2;
export const OUTCOME_INFO = 3;

/** The effective outcome of the invocation at `i`; an invocation that never completed is info. */
export function outcomeOf(history: History, pairs: Int32Array, i: number): number {
  const j = pairs[i];
  if (j < 0) return OUTCOME_INFO;
  const type = history[j].type;
  return type === 'ok' ? OUTCOME_OK : type === 'fail' ? OUTCOME_FAIL : OUTCOME_INFO;
}

/** Adds `key` to a report entry only when the history used keys, so keyless reports stay short. */
export function withKey<T extends object>(key: Key | undefined, entry: T): T & { key?: Key } {
  return key === undefined ? entry : { key, ...entry };
}
