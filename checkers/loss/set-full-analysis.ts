import type { Key } from '../../core/history.js';
import { FloatList } from './int-list.js';
import { ADD_INFO, ADD_OK, type SetKeyTable } from './set-full-scan.js';
import { SET_OUTCOMES, type LostElement, type SetElementRef, type SetOutcome, type StaleElement, type UnexpectedElement } from './set-full-types.js';

const MISSED_BY_SHOWN = 10;

/** Everything the set-full checker gathers across keys; lists stop at `limit` entries. */
export class SetFullTally {
  keys = 0;
  attempted = 0;
  acknowledged = 0;
  staleReads = 0;
  truncated = false;
  readonly outcomes = Object.fromEntries(SET_OUTCOMES.map((o) => [o, 0])) as Record<SetOutcome, number>;
  readonly lost: LostElement[] = [];
  readonly stale: StaleElement[] = [];
  readonly neverRead: SetElementRef[] = [];
  readonly recovered: SetElementRef[] = [];
  readonly unexpected: UnexpectedElement[] = [];
  readonly stableLatencyNs = new FloatList(1024);

  constructor(readonly limit: number) {}

  /** Appends unless the list is full; a full list marks the tally truncated. */
  keep<T>(list: T[], make: () => T): void {
    if (list.length < this.limit) list.push(make());
    else this.truncated = true;
  }
}

/**
 * Walks one key's reads in invocation order. A read is checked against exactly the elements
 * that were visible when it began (a prefix of the visibility order), so the work is the
 * size of the reads themselves rather than reads times elements.
 */
export function analyzeSetKey(table: SetKeyTable, key: Key | undefined, tally: SetFullTally): void {
  const count = table.elements.length;
  const reads = table.readInvoke.length;
  const stamp = new Int32Array(count);
  const lastPresent = new Int32Array(count).fill(-1);
  const runStart = new Int32Array(count).fill(-1);
  const absentCount = new Int32Array(count);
  const firstAbsent = new Int32Array(count).fill(-1);
  const lastAbsent = new Int32Array(count).fill(-1);
  const { visibleOrder, rowElements } = table;

  for (let r = 0; r < reads; r++) {
    const mark = r + 1;
    const rowEnd = table.readRowStart[r] + table.readRowLength[r];
    for (let k = table.readRowStart[r]; k < rowEnd; k++) {
      const id = rowElements[k];
      if (stamp[id] === mark) continue;
      stamp[id] = mark;
      // A run of consecutive reads that all saw the element; the final run marks stable visibility.
      if (lastPresent[id] !== r - 1 || runStart[id] < 0) runStart[id] = r;
      lastPresent[id] = r;
    }
    const prefix = table.readVisiblePrefix[r];
    for (let p = 0; p < prefix; p++) {
      const id = visibleOrder[p];
      if (stamp[id] === mark) continue;
      absentCount[id]++;
      if (firstAbsent[id] < 0) firstAbsent[id] = r;
      lastAbsent[id] = r;
    }
  }

  tally.keys++;
  // The first read that began after each element became visible, found by one sweep because
  // visible prefixes only grow with the read ordinal.
  const firstReadAfter = new Int32Array(count).fill(reads);
  for (let p = 0, r = 0; p < visibleOrder.length; p++) {
    while (r < reads && table.readVisiblePrefix[r] <= p) r++;
    firstReadAfter[visibleOrder[p]] = r;
  }

  for (let id = 0; id < count; id++) {
    const flags = table.addFlags[id];
    const added = table.addInvoke[id] >= 0;
    if (added) tally.attempted++;
    if (flags & ADD_OK) tally.acknowledged++;
    const seen = table.firstSeen[id] >= 0;
    let outcome: SetOutcome;
    if (seen && (!added || !(flags & (ADD_OK | ADD_INFO)) || table.firstSeen[id] < table.addInvoke[id])) {
      outcome = 'unexpected';
      const why = !added ? 'never-added' : flags & (ADD_OK | ADD_INFO) ? 'read-before-add' : 'add-failed';
      tally.keep(tally.unexpected, () => Object.assign(elementRef(table, id, key), { firstSeenIndex: table.firstSeen[id], why }));
    } else if (table.visiblePos[id] < 0) {
      outcome = flags & ADD_INFO ? 'indeterminate' : 'failed';
    } else if (lastAbsent[id] > lastPresent[id]) {
      outcome = 'lost';
      const from = Math.max(lastPresent[id] + 1, firstReadAfter[id]);
      tally.keep(tally.lost, () => {
        const missedBy: number[] = [];
        for (let r = from; r < reads && missedBy.length < MISSED_BY_SHOWN; r++) missedBy.push(table.readComplete[r]);
        const lastSeenIndex = lastPresent[id] >= 0 ? table.readComplete[lastPresent[id]] : null;
        return Object.assign(elementRef(table, id, key), { lastSeenIndex, missedBy, missedByCount: reads - from });
      });
    } else if (absentCount[id] > 0) {
      outcome = 'stale';
      tally.staleReads += absentCount[id];
      tally.keep(tally.stale, () =>
        Object.assign(elementRef(table, id, key), { staleReads: absentCount[id], firstStaleReadIndex: table.readComplete[firstAbsent[id]] }),
      );
    } else if (!(flags & ADD_OK)) {
      outcome = 'recovered';
      tally.keep(tally.recovered, () => elementRef(table, id, key));
    } else if (firstReadAfter[id] >= reads) {
      outcome = 'never-read';
      tally.keep(tally.neverRead, () => elementRef(table, id, key));
    } else {
      outcome = 'ok';
    }
    tally.outcomes[outcome]++;
    if ((outcome === 'ok' || outcome === 'stale' || outcome === 'recovered') && added && reads > 0 && lastPresent[id] === reads - 1) {
      tally.stableLatencyNs.push(Math.max(0, table.readInvokeTime[runStart[id]] - table.addInvokeTime[id]));
    }
  }
}

function elementRef(table: SetKeyTable, id: number, key: Key | undefined): SetElementRef {
  const ref: SetElementRef = {
    element: table.elements[id],
    addIndex: table.addInvoke[id] >= 0 ? table.addInvoke[id] : null,
    ackIndex: table.addAck[id] >= 0 ? table.addAck[id] : null,
  };
  if (key !== undefined) ref.key = key;
  return ref;
}
