import type { IsolationLevel } from '../isolation.js';
import type { AuditCell, AuditResult } from './matrix.js';

// The audit matrix for a terminal: anomalies down, isolation levels across, each cell marked
// with what the level promises, and footnotes naming the runs whose reports show each sighting.

const MARK_KEPT = '✓';
const MARK_BROKEN = '✗';

/** The run folders in the order footnotes number them. */
export function footnoteRuns(result: AuditResult): string[] {
  const runs: string[] = [];
  for (const cells of Object.values(result.levels)) {
    for (const cell of Object.values(cells!)) if (cell.run && !runs.includes(cell.run)) runs.push(cell.run);
  }
  return runs;
}

export function cellText(cell: AuditCell, footnote: number | undefined): string {
  const tested = cell.decided && cell.transactions > 0;
  const mark = !cell.forbidden ? ' ' : cell.observed ? MARK_BROKEN : tested ? MARK_KEPT : ' ';
  let text: string;
  if (cell.observed) text = `observed [${footnote}]${cell.via ? ` via ${cell.via}` : ''}`;
  else if (!cell.decided) text = 'undecided';
  else if (cell.transactions === 0) text = 'not tested';
  else text = `not observed in ${cell.transactions}`;
  return `${mark} ${text}`;
}

export function renderAuditText(result: AuditResult): string {
  const levels = Object.keys(result.levels) as IsolationLevel[];
  const runs = footnoteRuns(result);
  const rows = result.anomalies.map((a) => a.name);
  const table: string[][] = [
    ['', ...levels],
    ['promise', ...levels.map((l) => `  ${result.promises[l]}`)],
  ];
  for (const row of rows) {
    table.push([
      row,
      ...levels.map((l) => {
        const cell = result.levels[l]![row];
        return cellText(cell, cell.run ? runs.indexOf(cell.run) + 1 : undefined);
      }),
    ]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => [...r[c]].length)));
  const lines = table.map((r) =>
    r
      .map((text, c) => text + ' '.repeat(widths[c] - [...text].length))
      .join('  ')
      .trimEnd(),
  );
  lines.push('');
  lines.push(`${MARK_KEPT} forbidden by the level's promise and not observed   ${MARK_BROKEN} forbidden but observed: a broken promise`);
  lines.push('counts are committed transactions that could have shown the anomaly; "via X": shown by X, which implies it;');
  lines.push('"not tested": no run could show it (lost commits need crashes: --nemesis kill)');
  lines.push('');
  runs.forEach((run, i) => lines.push(`[${i + 1}] ${run}`));
  lines.push('');
  for (const a of result.anomalies) lines.push(`${a.name.padEnd(14)} ${a.meaning}`);
  lines.push('');
  lines.push(
    result.kept
      ? result.exitCode === 2
        ? 'verdict: no level was seen breaking its promise, but some questions stayed open (see "undecided")'
        : 'verdict: every level kept its promise'
      : `verdict: BROKEN PROMISE: ${result.violations.map((v) => `${v.anomaly} at ${v.level} (promised ${v.model})`).join('; ')}`,
  );
  return `${lines.join('\n')}\n`;
}
