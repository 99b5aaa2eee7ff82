import { findChecker, checkerNames } from '../checkers/registry.js';
import { compose, type ComposedVerdict, type Verdict } from '../checkers/verdict.js';
import { anomalyContext, type AnomalyContext } from '../reports/context/anomaly-context.js';
import { errorMessage } from './errors.js';
import type { History } from './history.js';
import type { CheckerSpec } from '../targets/target.js';

/**
 * The composed verdict, and (`faultWindows`, `anomalies`) every anomaly's operations with the
 * node that served each and the faults in force at its invocation and completion, and what each
 * fault window exercised. Missing only when reading the context failed (`contextError` says why).
 */
export type CheckedResults = ComposedVerdict & Partial<AnomalyContext> & { contextError?: string };

/**
 * Runs each named checker on the history and composes the verdicts, then puts the anomalies in
 * context. A checker that throws or does not exist yields `unknown` with the reason: a run's
 * verdict is never lost to one broken checker, nor to the context.
 */
export async function runCheckers(history: History, specs: readonly CheckerSpec[], log?: (message: string) => void): Promise<CheckedResults> {
  const results: Record<string, Verdict> = {};
  for (const spec of specs) {
    const name = spec.as ?? spec.checker;
    const checker = findChecker(spec.checker);
    if (!checker) {
      results[name] = { valid: 'unknown', reason: `no checker named "${spec.checker}" (known: ${checkerNames().join(', ')})` };
      continue;
    }
    const started = performance.now();
    try {
      results[name] = await checker.check(history, spec.options ?? {});
    } catch (err) {
      log?.(`checker ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      results[name] = { valid: 'unknown', reason: `checker crashed: ${errorMessage(err)}` };
    }
    log?.(`checker ${name}: valid=${String(results[name].valid)} in ${Math.round(performance.now() - started)} ms`);
  }
  const composed: CheckedResults = compose(results);
  try {
    Object.assign(composed, anomalyContext(history, results));
  } catch (err) {
    log?.(`putting anomalies in context failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    composed.contextError = errorMessage(err);
  }
  return composed;
}

/** The checkers a run uses: the workload's (or the config's override) plus stats. */
export function checkerSpecsFor(workloadCheckers: readonly CheckerSpec[], override?: readonly CheckerSpec[]): CheckerSpec[] {
  const specs = [...(override ?? workloadCheckers)];
  if (!specs.some((s) => s.checker === 'stats')) specs.push({ checker: 'stats' });
  return specs;
}
