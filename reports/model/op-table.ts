import { pairIndex, type History } from '../../core/history.js';

// Client operations as columns, built in one pass: charts and the timeline read the same
// arrays, and a 100,000-operation history stays a handful of typed arrays.

export const OK = 0;
export const FAIL = 1;
export const INFO = 2;
export const OUTCOME_NAMES = ['ok', 'fail', 'info'] as const;
export type OutcomeName = (typeof OUTCOME_NAMES)[number];

export interface OpTable {
  /** Number of client operations. */
  length: number;
  /** History index of each invocation, ascending. */
  invokeIndex: Int32Array;
  /** History index of the completion; -1 when the history ended first (counted as info). */
  completeIndex: Int32Array;
  /** Invocation and completion times in ns; an open operation ends at the end of the history. */
  start: Float64Array;
  end: Float64Array;
  /** OK, FAIL or INFO. */
  outcome: Uint8Array;
  /** Index into `fNames`. */
  f: Uint16Array;
  fNames: string[];
  /** The operation's process, as a number. */
  process: Float64Array;
  /** The time of the last event in the history: where open operations end. */
  historyEnd: number;
}

const OUTCOME_CODE: Record<string, number> = { ok: OK, fail: FAIL, info: INFO };

export function buildOpTable(history: History): OpTable {
  const pairs = pairIndex(history);
  let count = 0;
  for (const op of history) if (op.type === 'invoke' && op.process !== 'nemesis') count++;
  const table: OpTable = {
    length: count,
    invokeIndex: new Int32Array(count),
    completeIndex: new Int32Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    outcome: new Uint8Array(count),
    f: new Uint16Array(count),
    fNames: [],
    process: new Float64Array(count),
    historyEnd: history.length ? history[history.length - 1].time : 0,
  };
  const fIds = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.type !== 'invoke' || op.process === 'nemesis') continue;
    let fId = fIds.get(op.f);
    if (fId === undefined) {
      fId = table.fNames.length;
      table.fNames.push(op.f);
      fIds.set(op.f, fId);
    }
    const j = pairs[i];
    table.invokeIndex[n] = i;
    table.completeIndex[n] = j;
    table.start[n] = op.time;
    table.end[n] = j >= 0 ? history[j].time : table.historyEnd;
    table.outcome[n] = j >= 0 ? (OUTCOME_CODE[history[j].type] ?? INFO) : INFO;
    table.f[n] = fId;
    table.process[n] = op.process;
    n++;
  }
  return table;
}
