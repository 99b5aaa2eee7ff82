import { escapeHtml, fileHref, showValue } from '../html/escape.js';
import type { FaultWindow } from '../model/fault-windows.js';
import type { OpTable } from '../model/op-table.js';
import type { RunData } from '../run-folder/load-run.js';
import { table } from '../sections/markup.js';
import { reproduction, shellQuote } from './reproduce.js';

// What was tested: the config in a few lines, the seed, the command to run it again, and
// how much happened (operations, outcomes, faults).

const KEY_FIELDS: readonly [string, string][] = [
  ['target', 'target'],
  ['workload', 'workload'],
  ['nodes', 'nodes'],
  ['runtime', 'runtime'],
  ['concurrency', 'client processes'],
  ['rate', 'rate (ops/s)'],
  ['timeLimit', 'time limit (ms)'],
  ['opTimeout', 'operation timeout (ms)'],
  ['nemesis', 'faults'],
  ['nemesisInterval', 'fault interval (ms)'],
];

export function runSummary(run: RunData, ops: OpTable, faults: readonly FaultWindow[]): string {
  const config = run.test?.config ?? {};
  const rows: string[] = [];
  const row = (label: string, value: string) => rows.push(`<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`);
  row('seed', `<code>${escapeHtml(showValue(config.seed ?? 'not recorded'))}</code>`);
  for (const [field, label] of KEY_FIELDS) if (config[field] !== undefined) row(label, escapeHtml(plain(config[field])));
  const options = config.targetOptions;
  if (options && typeof options === 'object' && Object.keys(options).length) row('target options', `<code>${escapeHtml(showValue(options, 300))}</code>`);
  const placement = placementText(run.test?.placement);
  if (placement) row('where nodes ran', placement);
  if (run.test?.startedAt) row('started', escapeHtml(run.test.startedAt));
  if (run.test?.faultlineVersion) row('faultline', escapeHtml(run.test.faultlineVersion));

  const counts = [0, 0, 0];
  for (let i = 0; i < ops.length; i++) counts[ops.outcome[i]]++;
  const seconds = ops.historyEnd / 1e9;
  const rate = seconds > 0 ? (ops.length / seconds).toFixed(1) : '0';
  row(
    'history',
    `${run.history.length} events: ${ops.length} client operations (${counts[0]} ok, ${counts[1]} fail, ${counts[2]} info) over ${seconds.toFixed(1)} s (${rate}/s), ${faults.length} fault windows`,
  );

  const repro = reproduction(run.test);
  const command = repro
    ? `<h3>Reproduce</h3><div class="cmd"><pre id="repro">${escapeHtml(repro.argv.map(shellQuote).join(' '))}</pre></div>` +
      `<p class="small">${repro.rebuilt ? 'Rebuilt from the config in test.json (the run did not record its command line).' : 'The command line test.json recorded'}${repro.rebuilt ? '' : ', pinned to this run’s seed'}. The seed fixes every random choice of the schedule; timing still varies from run to run.</p>`
    : '<p class="small">test.json is missing, so there is no command to reproduce this run.</p>';
  return `<section id="tested"><h2>What was tested</h2><table class="kv">${rows.join('\n')}</table>${command}
<details><summary>Full configuration (test.json)</summary><pre class="json">${escapeHtml(JSON.stringify(run.test ?? null, null, 2))}</pre></details></section>`;
}

/** test.json's placement (runtime, engine, each node's address and image), escaped; '' when absent. */
function placementText(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const p = value as { runtime?: unknown; engine?: unknown; access?: unknown; nodes?: unknown };
  const head = [`${String(p.runtime ?? '?')} runtime`, p.engine ? `engine ${String(p.engine)}` : '', p.access ? `${String(p.access)} access` : '']
    .filter(Boolean)
    .join(', ');
  const nodes = Array.isArray(p.nodes) ? (p.nodes as Record<string, unknown>[]) : [];
  const items = nodes.map((n) => {
    const parts = [`${String(n.node)} ${String(n.address)}`, n.dial ? `dialled at ${String(n.dial)}` : '', n.image ? `image ${String(n.image)}` : ''].filter(
      Boolean,
    );
    return `<li>${escapeHtml(parts.join(', '))}</li>`;
  });
  return `${escapeHtml(head)}${items.length ? `<ul class="placement">${items.join('')}</ul>` : ''}`;
}

/** Strings as they are, lists comma-separated, anything else as JSON. */
function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.length ? value.join(', ') : '(none)';
  return showValue(value, 200);
}

export function faultTable(faults: readonly FaultWindow[]): string {
  if (faults.length === 0) return '<p class="small">No faults were injected in this run.</p>';
  const rows = faults.map((f) => [
    f.kind,
    f.label,
    `${(f.start / 1e9).toFixed(3)} s`,
    f.endIndex === null ? 'still on at the end' : `${(f.end / 1e9).toFixed(3)} s`,
    `${((f.end - f.start) / 1e9).toFixed(2)} s`,
    `#${f.startIndex}${f.endIndex === null ? '' : ` – #${f.endIndex}`}`,
  ]);
  return `<details${faults.length <= 12 ? ' open' : ''}><summary>${faults.length} fault windows</summary>${table(['fault', 'applied', 'from', 'to', 'lasted', 'history'], rows, '')}</details>`;
}

export function problemsNotice(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  return `<div class="problem" id="problems"><b>Problems reading this run folder:</b><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`;
}

export function filesSection(run: RunData): string {
  const items = run.files.map(
    (f) => `<li><a href="${escapeHtml(fileHref(f.path))}">${escapeHtml(f.path)}</a> <span class="small">${formatBytes(f.bytes)}</span></li>`,
  );
  return `<section id="files"><h2>Raw files</h2><p class="small">Links are relative to this report, inside the run folder ${escapeHtml(run.dir)}.</p><ul class="files">${items.join('\n')}</ul></section>`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
