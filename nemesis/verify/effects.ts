import type { FaultCheck } from '../../core/runtime.js';

// How one nemesis operation's checks read as a whole, recorded in the operation's value next to
// what the fault kind says it applied:
//   {"f":"start-partition","value":{"topology":"halves","grudge":{…},
//     "effect":{"outcome":"verified","checks":[{"fault":"partition","subject":"n2→n1",…}]}}}

/**
 * verified: every part applied and seen to take effect; unverified: some applied part was not
 * seen to; partly-applied: the rest verified, but some part was not applied at all (and why);
 * not-applied: nothing was; nothing: the operation had nothing to act on.
 */
export type EffectOutcome = 'verified' | 'unverified' | 'partly-applied' | 'not-applied' | 'nothing';

export interface FaultEffect {
  outcome: EffectOutcome;
  checks: FaultCheck[];
}

/** The outcome of an operation's checks: its faults' if it applied any, else its undos'. */
export function effectOf(checks: readonly FaultCheck[]): FaultEffect {
  const faults = checks.filter((c) => !c.undo);
  const relevant = faults.length > 0 ? faults : checks;
  return { outcome: outcomeOf(relevant), checks: [...checks] };
}

function outcomeOf(checks: readonly FaultCheck[]): EffectOutcome {
  if (checks.length === 0) return 'nothing';
  const applied = checks.filter((c) => c.outcome !== 'not-applied');
  if (applied.length === 0) return 'not-applied';
  if (applied.some((c) => c.outcome === 'unverified')) return 'unverified';
  return applied.length < checks.length ? 'partly-applied' : 'verified';
}

/** The value to record: the kind's own value with the effect added (wrapped when it is not an object). */
export function withEffect(value: unknown, effect: FaultEffect): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...(value as Record<string, unknown>), effect };
  return { result: value ?? null, effect };
}
