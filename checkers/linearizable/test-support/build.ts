import type { Key, Op, OpType, ProcessId } from '../../../core/history.js';

/** One event: [type, process, f, value] and optionally the key. */
export type EventSpec = [OpType, ProcessId, string, unknown, Key?];

/** A history from terse events, with index and time filled in. */
export function history(...events: EventSpec[]): Op[] {
  return events.map(([type, process, f, value, key], index) => ({
    index,
    time: index * 1_000_000,
    type,
    process,
    f,
    value,
    ...(key !== undefined ? { key } : {}),
  }));
}
