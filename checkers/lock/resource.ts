import type { History } from '../../core/history.js';
import { badOp } from '../loss/bad-op.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf } from '../loss/keyed-events.js';
import { STALE_TOKEN, type LockName, type ResourceReport } from './lock-types.js';

const STALE_EXAMPLES = 10;

export function emptyResourceReport(): ResourceReport {
  return {
    writes: { attempted: 0, accepted: 0, rejectedStale: 0, failed: 0, unknown: 0 },
    finalReads: [],
    lostUpdates: [],
    overwritten: [],
    fencingViolations: [],
    staleTokenRejections: { count: 0, examples: [] },
  };
}

/**
 * What the protected resource shows about one lock: accepted writes out of token order,
 * two accepted writes of one value (a lost update), accepted writes missing from the final
 * read, and writes fencing rejected. Lists stop at `limit` entries.
 */
export function checkResource(history: History, pairs: Int32Array, events: Int32Array, lock: LockName, limit: number, report: ResourceReport): boolean {
  let truncated = false;
  const keep = <T>(list: T[], item: T): void => {
    if (list.length < limit) list.push(item);
    else truncated = true;
  };
  // The highest token accepted so far, and the highest accepted before each pending write began.
  let maxToken = -Infinity;
  let maxTokenIndex = -1;
  const highestBefore = new Map<number, { token: number; index: number }>();
  const firstByValue = new Map<number, number>();
  const accepted: Array<{ index: number; value: number }> = [];
  let finalRead: { index: number; invoke: number; value: number } | null = null;

  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const op = history[e];
    if (op.f === 'read-resource') {
      if (op.type !== 'ok') continue;
      if (typeof op.value !== 'number' || !Number.isFinite(op.value)) throw badOp('lock', op, "must be the resource's value, a finite number");
      if (finalRead === null || pairs[e] > finalRead.invoke) finalRead = { index: e, invoke: pairs[e], value: op.value };
      continue;
    }
    const write = history[op.type === 'invoke' ? e : pairs[e]];
    const args = write.value as Record<string, unknown> | null;
    if (
      typeof args !== 'object' ||
      args === null ||
      typeof args.value !== 'number' ||
      !Number.isFinite(args.value) ||
      (args.token != null && typeof args.token !== 'number')
    ) {
      throw badOp('lock', write, 'must be {value, token}: a finite number and a numeric token or null');
    }
    const value = args.value;
    const token = (args.token ?? null) as number | null;
    if (op.type === 'invoke') {
      report.writes.attempted++;
      const outcome = outcomeOf(history, pairs, e);
      if (outcome === OUTCOME_OK && token !== null && maxTokenIndex >= 0) highestBefore.set(e, { token: maxToken, index: maxTokenIndex });
      if (outcome === OUTCOME_FAIL) {
        if (history[pairs[e]].error === STALE_TOKEN) {
          report.writes.rejectedStale++;
          report.staleTokenRejections.count++;
          if (report.staleTokenRejections.examples.length < STALE_EXAMPLES) report.staleTokenRejections.examples.push({ lock, index: pairs[e], token, value });
        } else report.writes.failed++;
      } else if (outcome !== OUTCOME_OK) report.writes.unknown++;
      continue;
    }
    if (op.type !== 'ok') continue;
    report.writes.accepted++;
    accepted.push({ index: e, value });
    const earlier = highestBefore.get(pairs[e]);
    highestBefore.delete(pairs[e]);
    if (token !== null) {
      if (earlier !== undefined && token < earlier.token) keep(report.fencingViolations, { lock, index: e, token, value, after: earlier });
      if (token > maxToken) {
        maxToken = token;
        maxTokenIndex = e;
      }
    }
    const first = firstByValue.get(value);
    if (first === undefined) firstByValue.set(value, e);
    else keep(report.lostUpdates, { lock, value, first, second: e });
  }

  if (finalRead !== null) {
    const final = finalRead;
    report.finalReads.push({ lock, index: final.index, value: final.value });
    // Holders write more than they read, so an accepted value above the final one was undone.
    for (const w of accepted) {
      if (w.index < final.invoke && w.value > final.value)
        keep(report.overwritten, { lock, index: w.index, value: w.value, finalValue: final.value, finalReadIndex: final.index });
    }
  }
  return truncated;
}
