// What a catch-rate run counts: a seeded bug is caught only when a consistency checker
// (linearizable, set-full, …) finds the history invalid. The exit code cannot say that: it is
// 1 as well when only the stats checker failed ("some operation never succeeded"), which is a
// sign of an unhealthy run, not of the bug.

/** Checkers that judge the run's health, not the system's consistency. */
export const HEALTH_CHECKERS: ReadonlySet<string> = new Set(['stats']);

/** The part of results.json a verdict is read from. */
export interface RunResults {
  valid: unknown;
  error?: string;
  checkers?: Record<string, { valid: unknown }>;
}

/**
 * `invalid`: a consistency checker found an anomaly. `valid`: every consistency checker found the
 * history valid. Anything else (undecided, no consistency checker, the run failed) is said in words.
 */
export type Verdict = 'valid' | 'invalid' | string;

/** Which checkers said invalid (e.g. "linearizable", "set-full", "stats"). */
export function failedCheckers(results: RunResults): string[] {
  return Object.entries(results.checkers ?? {})
    .filter(([, v]) => v.valid === false)
    .map(([name]) => name);
}

/** The verdict of the consistency checkers alone. */
export function consistencyVerdict(results: RunResults, exitCode: number): Verdict {
  const consistency = Object.entries(results.checkers ?? {}).filter(([name]) => !HEALTH_CHECKERS.has(name));
  if (consistency.some(([, v]) => v.valid === false)) return 'invalid';
  if (exitCode === 255 || results.error !== undefined) return `run failed (exit ${exitCode}): ${results.error ?? 'see harness.log'}`;
  if (consistency.length === 0) return 'no consistency checker ran';
  if (consistency.every(([, v]) => v.valid === true)) return 'valid';
  return `undecided (${consistency
    .filter(([, v]) => v.valid !== true)
    .map(([name, v]) => `${name}: ${String(v.valid)}`)
    .join(', ')})`;
}
