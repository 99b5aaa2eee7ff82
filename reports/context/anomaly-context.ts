import type { Verdict } from '../../core/verdict.js';
import { NEMESIS, pairIndex, type History, type Op } from '../../core/history.js';
import { showValue } from '../html/escape.js';
import { anomalyRefs, type AnomalyRef } from './anomaly-refs.js';
import { faultForNode, faultsAt, faultsInContext, type FaultInContext } from './fault-context.js';

// Anomalies in context: every operation an anomaly involves, with the node that served it and
// the faults in force at its invocation and at its completion, and every fault window with what
// it exercised. One layer above the checkers (which stay pure functions of a history, blind to
// nemeses): it reads their results and the history's nemesis events, for `faultline test` and
// for `faultline check` on a history from anywhere.

export interface OperationInContext {
  /** History index of the invocation (of the completion when the history has no invocation for it). */
  index: number;
  completeIndex: number | null;
  /** The part the operation plays in the anomaly ("deadline", "add", "T12", …). */
  role: string;
  process: number | string;
  /** "read 2", "add 7", "txn [[…]]": the checker's words, or the operation's f and value. */
  description: string;
  /** `info` also for an invocation the history never completed. */
  outcome: 'ok' | 'fail' | 'info';
  error?: string;
  /** The node that served it: the completion's `node`, else the node its invocation was sent to; null when the history does not say. */
  node: string | null;
  /** The node the invocation was sent to (the invocation's `node`), when the history says. */
  sentTo: string | null;
  /** Nanoseconds since the run began. */
  invokedAt: number;
  completedAt: number | null;
  /** Ids of the fault windows in force at the invocation and at the completion. */
  faultsAtInvoke: string[];
  faultsAtComplete: string[];
  /** All of it in one sentence: "read 2 on n1 at 4.820–4.905 s, while n1 was cut off from n2 and n3 (partition #3, 4.70 s to 11.40 s)". */
  text: string;
}

export interface AnomalyInContext extends Omit<AnomalyRef, 'operations'> {
  operations: OperationInContext[];
  /** Every fault window in force at some end of one of its operations. */
  faults: string[];
  /** The nodes that served its operations. */
  nodes: string[];
}

export interface OutcomeCounts {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
}

export interface FaultWindowInContext {
  id: string;
  kind: string;
  f: string;
  label: string;
  start: number;
  end: number;
  startIndex: number;
  endIndex: number | null;
  /** The nodes the fault acted on. */
  nodes: string[];
  /** Client operations invoked while the fault was in force, by outcome, overall and per node they were sent to. */
  coverage: OutcomeCounts & { byNode: Record<string, OutcomeCounts> };
}

export interface AnomalyContext {
  faultWindows: FaultWindowInContext[];
  anomalies: AnomalyInContext[];
  /** Anomalies beyond the per-checker limit, left out here (the checker's own result still has them). */
  anomaliesOmitted: number;
}

/** Per checker; a checker's own limits usually keep its lists well below this. */
const MAX_ANOMALIES_PER_CHECKER = 100;
/** Where an operation has no node to count under. */
export const NO_NODE = '(no node)';

export function anomalyContext(history: History, checkers: Readonly<Record<string, Verdict>>): AnomalyContext {
  const faults = faultsInContext(history);
  const pairs = pairIndex(history);
  const perChecker = new Map<string, number>();
  let omitted = 0;
  const anomalies: AnomalyInContext[] = [];
  for (const ref of anomalyRefs(checkers)) {
    const n = perChecker.get(ref.checker) ?? 0;
    if (n >= MAX_ANOMALIES_PER_CHECKER) {
      omitted++;
      continue;
    }
    perChecker.set(ref.checker, n + 1);
    anomalies.push(inContext(ref, history, pairs, faults));
  }
  return { faultWindows: faultCoverage(history, pairs, faults), anomalies, anomaliesOmitted: omitted };
}

function inContext(ref: AnomalyRef, history: History, pairs: Int32Array, faults: FaultInContext[]): AnomalyInContext {
  const seen = new Set<number>();
  const operations: OperationInContext[] = [];
  for (const op of ref.operations) {
    const located = locate(op.index, history, pairs);
    if (!located || seen.has(located.invoke.index)) continue;
    seen.add(located.invoke.index);
    operations.push(operationInContext(located.invoke, located.complete, op.role, op.description, faults));
  }
  const ids = new Set(operations.flatMap((o) => [...o.faultsAtInvoke, ...o.faultsAtComplete]));
  const nodes = [...new Set(operations.map((o) => o.node).filter((n): n is string => n !== null))].sort();
  return {
    checker: ref.checker,
    kind: ref.kind,
    title: ref.title,
    ...(ref.allowed ? { allowed: true } : {}),
    operations,
    faults: faults.filter((f) => ids.has(f.id)).map((f) => f.id),
    nodes,
  };
}

/** Both ends of the client operation a history index belongs to; undefined for indices out of range and nemesis events. */
function locate(index: number, history: History, pairs: Int32Array): { invoke: Op; complete: Op | undefined } | undefined {
  if (!Number.isInteger(index) || index < 0 || index >= history.length) return undefined;
  const op = history[index];
  if (op.process === NEMESIS) return undefined;
  const other = pairs[index] >= 0 ? history[pairs[index]] : undefined;
  if (op.type === 'invoke') return { invoke: op, complete: other };
  // A completion whose invocation is missing stands for both ends.
  return other ? { invoke: other, complete: op } : { invoke: op, complete: op };
}

export function operationInContext(
  invoke: Op,
  complete: Op | undefined,
  role: string,
  description: string | undefined,
  faults: readonly FaultInContext[],
): OperationInContext {
  const outcome = complete && complete.type !== 'invoke' ? complete.type : 'info';
  const sentTo = invoke.type === 'invoke' ? (invoke.node ?? null) : null;
  const node = complete?.node ?? sentTo;
  const completedAt = complete ? complete.time : null;
  const atInvoke = faultsAt(faults, invoke.time);
  const atComplete = completedAt === null ? [] : faultsAt(faults, completedAt);
  const described = description ?? describeOperation(invoke, complete, outcome);
  const error = complete?.error;
  const op: OperationInContext = {
    index: invoke.index,
    completeIndex: complete && complete !== invoke ? complete.index : null,
    role,
    process: invoke.process,
    description: described,
    outcome,
    node,
    sentTo,
    invokedAt: invoke.time,
    completedAt,
    faultsAtInvoke: atInvoke.map((f) => f.id),
    faultsAtComplete: atComplete.map((f) => f.id),
    text: '',
  };
  if (error !== undefined) op.error = error;
  op.text = sentence(op, complete?.node ?? null, atInvoke, completedAt === null ? null : atComplete);
  return op;
}

/** An operation in a few words, from the history: reads show what they saw. */
function describeOperation(invoke: Op, complete: Op | undefined, outcome: string): string {
  const value = outcome === 'ok' && complete ? complete.value : invoke.value;
  const key = invoke.key === undefined ? '' : ` on key ${showValue(invoke.key, 30)}`;
  const shown = value === null || value === undefined ? '' : ` ${showValue(value, 80)}`;
  return `${invoke.f}${shown}${key}`;
}

const at = (ns: number) => (ns / 1e9).toFixed(3);

function sentence(op: OperationInContext, answered: string | null, atInvoke: FaultInContext[], atComplete: FaultInContext[] | null): string {
  let where: string;
  if (op.sentTo !== null && answered !== null && answered !== op.sentTo) where = `sent to ${op.sentTo}, answered by ${answered}`;
  else if (answered !== null) where = `on ${answered}`;
  else if (op.sentTo !== null) where = `sent to ${op.sentTo}`;
  else where = 'on an unrecorded node';
  const when = op.completedAt === null || op.completedAt === op.invokedAt ? `at ${at(op.invokedAt)} s` : `at ${at(op.invokedAt)}–${at(op.completedAt)} s`;
  const how =
    op.outcome === 'fail' ? `, failed${op.error ? ` (${op.error})` : ''}` : op.outcome === 'info' ? `, outcome unknown (${op.error ?? 'never completed'})` : '';
  const faults = (list: FaultInContext[]) => list.map((f) => faultForNode(f, op.node)).join('; ');
  let context: string;
  if (atComplete === null) context = atInvoke.length ? `, invoked while ${faults(atInvoke)}` : ', with no fault in force at its invocation';
  else if (atInvoke.length === 0 && atComplete.length === 0) context = ', with no fault in force';
  else if (sameFaults(atInvoke, atComplete)) context = `, while ${faults(atInvoke)}`;
  else
    context = `; at its invocation ${atInvoke.length ? faults(atInvoke) : 'no fault was in force'}; at its completion ${atComplete.length ? faults(atComplete) : 'no fault was in force'}`;
  return `${op.description} ${where} ${when}${how}${context}`;
}

function sameFaults(a: readonly FaultInContext[], b: readonly FaultInContext[]): boolean {
  return a.length === b.length && a.every((f, i) => f.id === b[i].id);
}

function emptyCounts(): OutcomeCounts {
  return { invoked: 0, ok: 0, fail: 0, info: 0 };
}

/** What each fault window exercised: the client operations invoked while it was in force, and how they ended. */
function faultCoverage(history: History, pairs: Int32Array, faults: readonly FaultInContext[]): FaultWindowInContext[] {
  const windows = faults.map((f) => ({
    id: f.id,
    kind: f.kind,
    f: f.f,
    label: f.label,
    start: f.start,
    end: f.end,
    startIndex: f.startIndex,
    endIndex: f.endIndex,
    nodes: f.nodes,
    coverage: { ...emptyCounts(), byNode: Object.create(null) as Record<string, OutcomeCounts> },
  }));
  if (windows.length === 0) return windows;
  // Client invocations in history order, which is time order: each window counts a slice.
  const invokes: Op[] = [];
  for (const op of history) if (op.type === 'invoke' && op.process !== NEMESIS) invokes.push(op);
  const firstAtOrAfter = (time: number) => {
    let lo = 0;
    let hi = invokes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (invokes[mid].time < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  faults.forEach((fault, w) => {
    const coverage = windows[w].coverage;
    const to = fault.endIndex === null ? invokes.length : firstAtOrAfter(fault.end);
    for (let i = firstAtOrAfter(fault.start); i < to; i++) {
      const op = invokes[i];
      const complete = pairs[op.index] >= 0 ? history[pairs[op.index]] : undefined;
      const outcome = complete && complete.type !== 'invoke' ? complete.type : 'info';
      const node = op.node ?? complete?.node ?? NO_NODE;
      const byNode = (coverage.byNode[node] ??= emptyCounts());
      coverage.invoked++;
      coverage[outcome]++;
      byNode.invoked++;
      byNode[outcome]++;
    }
  });
  return windows;
}
