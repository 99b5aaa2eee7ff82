import type { ComposedVerdict, Verdict } from '../../core/verdict.js';
import type { FaultSummary } from '../../nemesis/verify/summary.js';

function word(v: Verdict['valid']): string {
  return v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
}

/** One line per checker, what the faults really did, and the overall verdict, for people reading a terminal or CI log. */
export function printVerdicts(out: NodeJS.WritableStream, results: ComposedVerdict & { faults?: FaultSummary; error?: string; interrupted?: string }): void {
  const width = Math.max(8, ...Object.keys(results.checkers).map((n) => n.length));
  for (const [name, verdict] of Object.entries(results.checkers)) {
    const reason = verdict.valid === 'unknown' ? ` (${verdict.reason})` : '';
    out.write(`  ${name.padEnd(width)}  ${word(verdict.valid)}${reason}\n`);
  }
  const { error, interrupted } = results;
  if (interrupted) out.write(`  ${interrupted} (Ctrl-C): only what was recorded until then was checked\n`);
  if (error) out.write(`  the run itself failed: ${error}\n`);
  if (results.faults) printFaults(out, results.faults);
  const never = results.faults?.neverTookEffect ?? [];
  const caveat =
    never.length > 0
      ? `, but ${never.map((n) => n.kind).join(', ')} never took effect: the run did not test ${never.length === 1 ? 'that fault' : 'those faults'}`
      : '';
  out.write(`verdict: ${word(results.valid)}${caveat}\n`);
}

/** Per fault kind: applied, verified and not applied, with the reasons. */
export function printFaults(out: NodeJS.WritableStream, faults: FaultSummary): void {
  const kinds = Object.entries(faults.kinds);
  if (kinds.length === 0) return;
  out.write('faults (applied / verified / not applied):\n');
  const width = Math.max(8, ...kinds.map(([k]) => k.length));
  for (const [kind, e] of kinds) {
    const undos = e.undos > 0 ? `; undone ${e.undos} times, ${e.undosVerified} verified` : '';
    out.write(`  ${kind.padEnd(width)}  ${e.applied} / ${e.verified} / ${e.notApplied}${undos}\n`);
    for (const x of e.excluded) out.write(`  ${''.padEnd(width)}  ${x.node}: ${x.why}\n`);
    for (const r of e.notAppliedWhy) out.write(`  ${''.padEnd(width)}  not applied (${r.count}×, ${r.subjects.join(' ')}): ${r.why}\n`);
    for (const r of e.unverifiedWhy) out.write(`  ${''.padEnd(width)}  not verified (${r.count}×, ${r.subjects.join(' ')}): ${r.why}\n`);
  }
  for (const n of faults.neverTookEffect) out.write(`  ${n.kind} never took effect: ${n.why}\n`);
}
