import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { FAULT_COLORS, FAULT_ORDER, latencyChart, OUTCOME_COLORS, throughputChart } from './charts/index.js';
import { contextSections, withAnomalyContext } from './context/report-parts.js';
import { escapeHtml, renderPage } from './html/index.js';
import { loadLogs, logsSection } from './logs/index.js';
import { buildOpTable, faultWindows, type FaultWindow, type OpTable } from './model/index.js';
import { faultEffectsOf, faultEffectsSection, faultTable, filesSection, problemsNotice, runSummary, verdictBanner } from './overview/index.js';
import { loadRun } from './run-folder/index.js';
import { renderChecker, sectionId, type CheckerView } from './sections/index.js';
import { timelineData, timelineScript, timelineSection, timelineStyles } from './timeline/index.js';

// A run folder in, one self-contained report.html out: verdict, what was tested, the
// evidence for each anomaly, charts, the timeline, node logs, and links to the raw files.

export async function buildReport(runDir: string): Promise<string> {
  const run = await loadRun(runDir);
  const ops = buildOpTable(run.history);
  const faults = faultWindows(run.history);
  const context = { history: run.history };
  const views = Object.entries(run.results?.checkers ?? {}).map(([name, verdict]) => renderChecker(name, verdict, context));
  const name = String(run.test?.config.name ?? runDir.split('/').filter(Boolean).slice(-2, -1)[0] ?? 'run');
  const verdict = run.results ? (run.results.valid === true ? 'valid' : run.results.valid === false ? 'INVALID' : 'unknown') : 'no verdict';

  const { logs, problems: logProblems } = await loadLogs(
    runDir,
    run.nodeLogs,
    run.files.some((f) => f.path === 'harness.log'),
  );
  const effects = faultEffectsSection(faultEffectsOf(run.results));
  const body: string[] = [verdictBanner(run.results, views), problemsNotice([...run.problems, ...logProblems]), runSummary(run, ops, faults), effects];
  // Invalid results first: they are what the reader came for.
  const rank = (v: CheckerView) => (v.valid === false ? 0 : v.valid === 'unknown' ? 1 : 2);
  const evidence = [...views].sort((a, b) => rank(a) - rank(b)).filter((v) => v.section);
  const concurrency = typeof run.test?.config.concurrency === 'number' ? run.test.config.concurrency : null;
  const inContext = contextSections(run.history, run.results?.checkers ?? {}, concurrency);
  body.push(...evidence.map((v) => withAnomalyContext(v, inContext)));
  body.push(...inContext.sections.map((s) => s.html));
  body.push(chartsSection(ops, faults));
  const nav: [string, string][] = [
    ['verdict', 'Verdict'],
    ['tested', 'What was tested'],
    ...(effects ? [['fault-effects', 'Faults'] as [string, string]] : []),
    ...evidence.map((v): [string, string] => [sectionId(v.name), v.name]),
  ];
  nav.push(...inContext.sections.map((s): [string, string] => [s.id, s.title]));
  if (ops.length > 0) {
    body.push(
      timelineSection(
        timelineData(
          run.history,
          ops,
          faults,
          views.flatMap((v) => v.locks ?? []),
          concurrency,
        ),
      ),
    );
    nav.push(['charts', 'Charts'], ['timeline-section', 'Timeline']);
  }
  body.push(
    logsSection(
      logs,
      views.flatMap((v) => v.moments),
      run.test?.startedAt,
    ),
    filesSection(run),
  );
  nav.push(['logs', 'Logs'], ['files', 'Raw files']);

  const header = `<header class="top"><h1>${escapeHtml(name)} — ${escapeHtml(verdict)}</h1><div class="sub">faultline report · ${escapeHtml(run.dir)}${run.test?.startedAt ? ` · started ${escapeHtml(run.test.startedAt)}` : ''}</div></header>`;
  return renderPage({ title: `${name}: ${verdict} — faultline`, header, nav, body: body.join('\n'), script: timelineScript(), styles: timelineStyles() });
}

function chartsSection(ops: OpTable, faults: readonly FaultWindow[]): string {
  if (ops.length === 0) return '<section id="charts"><h2>Charts</h2><p class="small">The history has no client operations to chart.</p></section>';
  const domain = { from: 0, to: Math.max(ops.historyEnd / 1e9, 0.001) };
  const legend = [
    ...['ok', 'fail', 'info'].map((o, i) => `<span><span class="sw" style="background:${OUTCOME_COLORS[i]}"></span>${o}</span>`),
    ...FAULT_ORDER.filter((k) => faults.some((f) => f.kind === k)).map(
      (k) => `<span><span class="sw" style="background:${FAULT_COLORS[k]};opacity:.45"></span>${k} window</span>`,
    ),
  ].join('');
  const chart = (draw: () => string, what: string) => {
    try {
      return `<div class="figure">${draw()}</div>`;
    } catch (err) {
      return `<p class="problem">The ${what} chart could not be drawn: ${escapeHtml(errorMessage(err))}</p>`;
    }
  };
  return `<section id="charts"><h2>Latency and throughput</h2>
<p class="hint">Each dot is one operation: when it was invoked, and how long it took (log scale). Shaded bands are fault windows, named in the strip above each chart.</p>
<div class="legend">${legend}</div>
${chart(() => latencyChart(ops, faults, domain), 'latency')}
${chart(() => throughputChart(ops, faults, domain), 'throughput')}
${faultTable(faults)}
</section>`;
}

/** Writes report.html into the run folder (atomically) and returns its path. */
export async function writeReport(runDir: string): Promise<string> {
  const html = await buildReport(runDir);
  const path = join(runDir, 'report.html');
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, html);
    await rename(tmp, path);
  } catch (err) {
    // A full disk must not leave half a report behind under a temporary name.
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return path;
}
