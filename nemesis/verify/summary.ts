import type { FaultCheck } from '../../core/runtime.js';

// Per fault kind of a run (as named in --nemesis): how many faults were started, applied,
// verified and not applied, with the reasons, and how many undos were verified. What the
// terminal, results.json and the report show, and what decides that a requested kind "never
// took effect". Built operation by operation by the nemesis as the run goes.

export interface Reason {
  why: string;
  /** Nodes or links the reason applies to, each once. */
  subjects: string[];
  count: number;
}

export interface KindEffects {
  /** Fault operations performed (undos not counted). */
  faults: number;
  /** Faults of which at least a part took effect. */
  applied: number;
  /** Applied faults every applied part of which was seen to take effect. */
  verified: number;
  /** Faults of which no part took effect. */
  notApplied: number;
  /** Undo operations (heal, resume, restart, reset) that undid something, and how many were seen to. */
  undos: number;
  undosVerified: number;
  /** Why parts of faults were not applied ("clock skew not applied: … is a Go program"). */
  notAppliedWhy: Reason[];
  /** Why applied parts were not seen to take effect. */
  unverifiedWhy: Reason[];
  /** Nodes the kind leaves alone from the start, and why (a Go program under --nemesis clock). */
  excluded: { node: string; why: string }[];
}

export interface FaultSummary {
  /** Per requested fault kind. */
  kinds: Record<string, KindEffects>;
  /** Requested kinds no fault of which took effect, each with why: such a run tested less than it claims. */
  neverTookEffect: { kind: string; why: string }[];
}

export function emptyKindEffects(): KindEffects {
  return { faults: 0, applied: 0, verified: 0, notApplied: 0, undos: 0, undosVerified: 0, notAppliedWhy: [], unverifiedWhy: [], excluded: [] };
}

export class FaultTally {
  private readonly kinds = new Map<string, KindEffects>();

  constructor(requested: readonly string[]) {
    for (const kind of requested) this.kinds.set(kind, emptyKindEffects());
  }

  exclude(kind: string, node: string, why: string): void {
    const entry = this.of(kind);
    if (!entry.excluded.some((e) => e.node === node)) entry.excluded.push({ node, why });
  }

  /**
   * One operation of `kind`: its checks, or the error that stopped it. `isUndo` says whether
   * its f is one of the kind's undo operations, for operations that did nothing at all.
   */
  record(kind: string, checks: readonly FaultCheck[], isUndo: boolean, error?: string): void {
    const entry = this.of(kind);
    const faults = checks.filter((c) => !c.undo);
    const undos = checks.filter((c) => c.undo);
    if (error !== undefined) {
      if (isUndo) entry.undos++;
      else {
        entry.faults++;
        entry.notApplied++;
        note(entry.notAppliedWhy, error, kind);
      }
      return;
    }
    if (faults.length > 0) {
      entry.faults++;
      const applied = faults.filter((c) => c.outcome !== 'not-applied');
      for (const c of faults.filter((f) => f.outcome === 'not-applied')) note(entry.notAppliedWhy, c.detail, c.subject);
      for (const c of applied.filter((f) => f.outcome === 'unverified')) note(entry.unverifiedWhy, c.detail, c.subject);
      if (applied.length === 0) entry.notApplied++;
      else {
        entry.applied++;
        if (applied.every((c) => c.outcome === 'verified')) entry.verified++;
      }
    } else if (!isUndo && undos.length === 0) {
      entry.faults++;
      entry.notApplied++;
      note(entry.notAppliedWhy, 'nothing to act on (every node it aimed at was down, or already faulted)', kind);
    }
    if (undos.length > 0) {
      entry.undos++;
      if (undos.every((c) => c.outcome === 'verified')) entry.undosVerified++;
      for (const c of undos.filter((u) => u.outcome === 'unverified')) note(entry.unverifiedWhy, c.detail, c.subject);
    }
  }

  summary(): FaultSummary {
    const kinds = Object.fromEntries([...this.kinds].map(([k, v]) => [k, structuredClone(v)]));
    const neverTookEffect = [...this.kinds]
      .filter(([, v]) => v.applied === 0)
      .map(([kind, v]) => ({
        kind,
        why:
          v.faults === 0
            ? 'no fault of this kind was started during the run'
            : `none of its ${v.faults} faults took effect: ${v.notAppliedWhy.map((r) => r.why).join('; ') || 'see the history'}`,
      }));
    return { kinds, neverTookEffect };
  }

  private of(kind: string): KindEffects {
    let entry = this.kinds.get(kind);
    if (!entry) {
      entry = emptyKindEffects();
      this.kinds.set(kind, entry);
    }
    return entry;
  }
}

function note(reasons: Reason[], why: string, subject: string): void {
  const found = reasons.find((r) => r.why === why);
  if (found) {
    found.count++;
    if (!found.subjects.includes(subject)) found.subjects.push(subject);
  } else reasons.push({ why, subjects: [subject], count: 1 });
}

/** An empty summary: a run without faults. */
export function noFaults(): FaultSummary {
  return { kinds: {}, neverTookEffect: [] };
}
