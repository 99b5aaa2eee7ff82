import type { IsolationLevel } from '../isolation.js';
import type { AuditCell, AuditResult } from './matrix.js';

// audit.html: the same matrix as the terminal shows, one self-contained page (no scripts, no
// network), each sighting linking to the report of the run that proves it.

export interface AuditHtmlOptions {
  /** Link from audit.html to a run's report, given the run as the result names it. */
  reportHref(run: string): string;
  /** Lines describing the audit (settings, duration). */
  about: readonly string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cellHtml(cell: AuditCell, options: AuditHtmlOptions): string {
  const tested = cell.decided && cell.transactions > 0;
  const kind = cell.observed ? (cell.forbidden ? 'broken' : 'allowed') : cell.forbidden && tested ? 'kept' : 'quiet';
  let body: string;
  if (cell.observed) {
    const via = cell.via ? ` via ${escapeHtml(cell.via)}` : '';
    const count = cell.count !== undefined ? ` (${cell.count}×)` : '';
    body = `<a href="${escapeHtml(options.reportHref(cell.run!))}">observed</a>${count}${via}`;
  } else if (!cell.decided) body = 'undecided';
  else if (cell.transactions === 0) body = 'not tested';
  else body = `not observed in ${cell.transactions} transactions`;
  const title = cell.forbidden ? 'forbidden by the promise' : 'allowed by the promise';
  return `<td class="${kind}" title="${title}">${body}</td>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.35em .7em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.broken{background:#f8d0d0;font-weight:600}td.kept{background:#e2f3e2}td.allowed{background:#fff3cd}
td.quiet{color:#666}.meaning{color:#555;font-size:12px}.verdict{font-size:18px;font-weight:600}.ok{color:#176117}.bad{color:#a31515}
code{background:#f4f4f4;padding:0 .2em}`;

export function renderAuditHtml(result: AuditResult, options: AuditHtmlOptions): string {
  const levels = Object.keys(result.levels) as IsolationLevel[];
  const header = `<tr><th>anomaly</th>${levels.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const promise = `<tr><th>promise</th>${levels.map((l) => `<th>${escapeHtml(result.promises[l] ?? '')}</th>`).join('')}</tr>`;
  const rows = result.anomalies
    .map((a) => {
      const cells = levels.map((l) => cellHtml(result.levels[l]![a.name], options)).join('');
      return `<tr><th>${escapeHtml(a.name)}<div class="meaning">${escapeHtml(a.meaning)}</div></th>${cells}</tr>`;
    })
    .join('\n');
  const verdict = result.kept
    ? `<p class="verdict ok">${result.exitCode === 2 ? 'No level was seen breaking its promise; some questions stayed open.' : 'Every level kept its promise.'}</p>`
    : `<p class="verdict bad">Broken promise: ${result.violations.map((v) => escapeHtml(`${v.anomaly} at ${v.level} (promised ${v.model})`)).join('; ')}</p>`;
  const runs = result.runs
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.level)}</td><td>${escapeHtml(r.workload)}</td><td><a href="${escapeHtml(options.reportHref(r.run))}">${escapeHtml(r.run)}</a></td><td>${escapeHtml(String(r.valid))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline audit: postgres</title><style>${STYLE}</style></head>
<body>
<h1>PostgreSQL isolation audit</h1>
${verdict}
${options.about.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<table>
${header}
${promise}
${rows}
</table>
<p class="meaning">Green: forbidden by the level's promise and not observed. Red: forbidden but observed. Yellow: observed, and allowed.
Counts are committed transactions that could have shown the anomaly. "via X": shown by X, which implies it.
"Not tested": no run could show it (lost commits need crashes: <code>--nemesis kill</code>).</p>
<h2>Runs</h2>
<table><tr><th>level</th><th>workload</th><th>run</th><th>run verdict (every check, the one against serializable included)</th></tr>
${runs}
</table>
</body></html>
`;
}
