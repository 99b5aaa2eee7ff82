import type { ComposedVerdict, Verdict } from '../../checkers/verdict.js';

function word(v: Verdict['valid']): string {
  return v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
}

/** One line per checker and the overall verdict, for people reading a terminal or CI log. */
export function printVerdicts(out: NodeJS.WritableStream, results: ComposedVerdict): void {
  const width = Math.max(8, ...Object.keys(results.checkers).map((n) => n.length));
  for (const [name, verdict] of Object.entries(results.checkers)) {
    const reason = verdict.valid === 'unknown' ? ` (${verdict.reason})` : '';
    out.write(`  ${name.padEnd(width)}  ${word(verdict.valid)}${reason}\n`);
  }
  const { error, interrupted } = results as ComposedVerdict & { error?: string; interrupted?: string };
  if (interrupted) out.write(`  ${interrupted} (Ctrl-C): only what was recorded until then was checked\n`);
  if (error) out.write(`  the run itself failed: ${error}\n`);
  out.write(`verdict: ${word(results.valid)}\n`);
}
