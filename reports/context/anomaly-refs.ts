import type { PartitionFailure } from '../../checkers/linearizable/index.js';
import type { IntervalOverlap, LockDetails } from '../../checkers/lock/index.js';
import type { LostElement, SetFullDetails, StaleElement, UnexpectedElement } from '../../checkers/loss/index.js';
import type { TxnCheckDetails, Witness } from '../../checkers/txn/index.js';
import type { Verdict } from '../../core/verdict.js';
import { showValue } from '../html/escape.js';
import { collectIndices } from '../sections/generic.js';
import { isLinearizableResult } from '../sections/linearizable.js';
import { isLockResult } from '../sections/lock.js';
import { isTxnResult } from '../sections/txn.js';

// Each checker names the operations behind an anomaly in its own way (a failed linearization's
// deadline and blocked operations, a cycle's transactions, a lost element's add and reads, two
// overlapping holders). This reads them all into one shape: an anomaly and the history indices
// of its operations, with the part each played. Results are recognised by shape, as the report's
// renderers recognise them, so a checker run under another name is still read.

export interface OperationRef {
  /** A history index of the operation: its invocation or its completion. */
  index: number;
  /** The part it plays: "deadline", "could go next", "add", "first read that missed it", "T12", … */
  role: string;
  /** The checker's own words for it, when it has some ("read 2", "cas 1 → 2"). */
  description?: string;
}

export interface AnomalyRef {
  checker: string;
  /** "nonlinearizable", a txn anomaly type ("G-single"), "lost element", "overlapping holders", or a result field. */
  kind: string;
  /** One line: "key 3: cannot linearize read 2", "G-single T12 T40", "element 7 lost". */
  title: string;
  operations: OperationRef[];
  /** A transactional anomaly the checked consistency models allow (read skew under read committed): shown, not a violation. */
  allowed?: boolean;
}

/** Operations of a failed linearization shown for context: the deadline, what could go next, and the end of the prefix. */
const PREFIX_TAIL = 3;
/** Items read from one list of a result the shape of which is not known. */
const GENERIC_ITEMS = 20;

type AnyVerdict = Verdict & Record<string, unknown>;

export function anomalyRefs(checkers: Readonly<Record<string, Verdict>>): AnomalyRef[] {
  const out: AnomalyRef[] = [];
  for (const [name, verdict] of Object.entries(checkers)) {
    const v = verdict as AnyVerdict;
    if (v === null || typeof v !== 'object') continue;
    if (isLinearizableResult(v)) out.push(...linearizableRefs(name, v));
    else if (isTxnResult(v)) out.push(...txnRefs(name, v));
    else if (isLockResult(v)) out.push(...lockRefs(name, v));
    else if (isSetFullResult(v)) out.push(...setFullRefs(name, v));
    else if (v.valid === false) out.push(...genericRefs(name, v));
  }
  return out;
}

function keyName(key: unknown): string {
  return key === null || key === undefined ? 'the history' : `key ${showValue(key, 40)}`;
}

function linearizableRefs(checker: string, v: AnyVerdict): AnomalyRef[] {
  const failures = (v.failures ?? []) as PartitionFailure[];
  return failures.map((f) => {
    const operations: OperationRef[] = [{ index: f.deadline.index, role: 'deadline', description: f.deadline.description }];
    for (const b of f.blocked ?? []) {
      if (b.index !== f.deadline.index) operations.push({ index: b.index, role: 'could go next', description: b.description });
    }
    const prefix = f.linearized ?? [];
    const from = Math.max(0, prefix.length - PREFIX_TAIL);
    prefix
      .slice(from)
      .forEach((op, k) => operations.push({ index: op.index, role: `linearized ${from + k + 1} of ${prefix.length}`, description: op.description }));
    return { checker, kind: 'nonlinearizable', title: `${keyName(f.key)}: cannot linearize ${f.deadline.description}`, operations };
  });
}

function txnRefs(checker: string, v: AnyVerdict): AnomalyRef[] {
  const details = v as unknown as Partial<TxnCheckDetails>;
  const out: AnomalyRef[] = [];
  for (const [type, witnesses] of Object.entries(details.anomalies ?? {}) as [string, Witness[] | undefined][]) {
    const allowed = details.prohibited !== undefined && !details.prohibited.includes(type as never);
    for (const w of witnesses ?? []) {
      out.push({
        checker,
        kind: type,
        ...(allowed ? { allowed } : {}),
        title: w.summary || `${type} ${w.txns.map((t) => t.id).join(' ')}`,
        operations: w.txns.map((t) => ({ index: t.invokeIndex, role: t.id })),
      });
    }
  }
  return out;
}

function lockRefs(checker: string, v: AnyVerdict): AnomalyRef[] {
  const details = v as unknown as Partial<LockDetails>;
  const lock = (l: unknown) => (l === null || l === undefined ? 'the lock' : `lock ${showValue(l, 30)}`);
  const holders = (o: IntervalOverlap): OperationRef[] =>
    [o.first, o.second].flatMap((h, i) => {
      const who = i === 0 ? 'first holder' : 'second holder';
      const refs: OperationRef[] = [{ index: h.acquireIndex, role: `${who}'s acquire` }];
      if (h.releaseIndex !== null) refs.push({ index: h.releaseIndex, role: `${who}'s release` });
      return refs;
    });
  const out: AnomalyRef[] = (details.violations ?? []).map((o) => ({
    checker,
    kind: 'overlapping holders',
    title: `${lock(o.lock)} held by processes ${o.first.process} and ${o.second.process} at once`,
    operations: holders(o),
  }));
  const resource = details.resource;
  for (const f of resource?.fencingViolations ?? []) {
    out.push({
      checker,
      kind: 'fencing violation',
      title: `write with token ${f.token} accepted after token ${f.after.token}`,
      operations: [
        { index: f.after.index, role: 'newer token written' },
        { index: f.index, role: 'older token accepted' },
      ],
    });
  }
  for (const l of resource?.lostUpdates ?? []) {
    out.push({
      checker,
      kind: 'lost resource update',
      title: `${lock(l.lock)}: value ${l.value} written twice`,
      operations: [
        { index: l.first, role: 'first write' },
        { index: l.second, role: 'second write' },
      ],
    });
  }
  for (const o of resource?.overwritten ?? []) {
    out.push({
      checker,
      kind: 'overwritten resource write',
      title: `${lock(o.lock)}: write of ${o.value} gone from the final read (${o.finalValue})`,
      operations: [
        { index: o.index, role: 'write' },
        { index: o.finalReadIndex, role: 'final read' },
      ],
    });
  }
  return out;
}

function isSetFullResult(v: Record<string, unknown>): boolean {
  return Array.isArray(v.lost) && Array.isArray(v.stale) && Array.isArray(v.unexpected) && typeof v.outcomes === 'object';
}

function elementName(e: { key?: unknown; element: unknown }): string {
  return `element ${showValue(e.element, 30)}${e.key === undefined ? '' : ` of key ${showValue(e.key, 30)}`}`;
}

function setFullRefs(checker: string, v: AnyVerdict): AnomalyRef[] {
  const details = v as unknown as Partial<SetFullDetails>;
  const out: AnomalyRef[] = [];
  const add = (e: { addIndex: number | null; ackIndex: number | null }): OperationRef[] =>
    e.addIndex !== null ? [{ index: e.addIndex, role: 'add' }] : e.ackIndex !== null ? [{ index: e.ackIndex, role: 'add' }] : [];
  for (const e of (details.lost ?? []) as LostElement[]) {
    const operations = add(e);
    if (e.lastSeenIndex !== null) operations.push({ index: e.lastSeenIndex, role: 'last read that saw it' });
    if (e.missedBy.length) operations.push({ index: e.missedBy[0], role: 'first read that missed it for good' });
    out.push({ checker, kind: 'lost element', title: `${elementName(e)} lost`, operations });
  }
  for (const e of (details.stale ?? []) as StaleElement[]) {
    out.push({
      checker,
      kind: 'stale element',
      title: `${elementName(e)} missed by ${e.staleReads} ${e.staleReads === 1 ? 'read' : 'reads'} after it was visible`,
      operations: [...add(e), { index: e.firstStaleReadIndex, role: 'first read that missed it' }],
    });
  }
  for (const e of (details.unexpected ?? []) as UnexpectedElement[]) {
    out.push({
      checker,
      kind: 'unexpected element',
      title: `${elementName(e)} read but ${e.why === 'never-added' ? 'never added' : e.why === 'add-failed' ? 'its add failed' : 'read before its add began'}`,
      operations: [...add(e), { index: e.firstSeenIndex, role: 'first read that saw it' }],
    });
  }
  return out;
}

/** Not findings, though they are lists: parts of a result that are no anomaly by themselves. */
const NOT_FINDINGS = new Set([
  'neverRead',
  'recovered',
  'intervals',
  'expiries',
  'undecided',
  'finalReads',
  'keysWithoutFinalRead',
  'neverOk',
  'consistencyModels',
  'notModels',
  'alsoNotModels',
  'anomalyTypes',
  'prohibited',
  'incomplete',
]);

/** Any other invalid result: each item of each list that names history indices is an anomaly. */
function genericRefs(checker: string, v: AnyVerdict): AnomalyRef[] {
  const out: AnomalyRef[] = [];
  for (const [field, list] of Object.entries(v)) {
    if (!Array.isArray(list) || NOT_FINDINGS.has(field)) continue;
    for (const item of list.slice(0, GENERIC_ITEMS)) {
      const indices = [...new Set(collectIndices(item))];
      if (indices.length === 0) continue;
      out.push({ checker, kind: field, title: `${field}: ${showValue(item, 80)}`, operations: indices.map((index) => ({ index, role: field })) });
    }
  }
  return out;
}
