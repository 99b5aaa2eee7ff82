import { access, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { listRuns, readJson, type RunSummary } from '../../core/run-store.js';
import { escapeHtml, fileHref } from '../html/escape.js';
import { verdictClass, verdictWord } from '../sections/markup.js';

// The runs browser's pages: every run newest first, and plain listings of folders inside
// the runs folder.

const PAGE_STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2228;background:#f3f4f6}
header{background:#1d2228;color:#fff;padding:12px 24px}h1{margin:0;font-size:19px}main{padding:12px 24px}
table{border-collapse:collapse;background:#fff;font-size:13px}th,td{border:1px solid #d9dde3;padding:4px 10px;text-align:left}th{background:#f3f5f7}
a{color:#24527a}.pill{display:inline-block;min-width:70px;text-align:center;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;color:#fff}
.valid{background:#2e9d57}.invalid{background:#d64545}.unknown{background:#b7860b}.small{color:#5b6470;font-size:12.5px}`;

const MAX_RUNS = 2000;

function shell(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body>${body}</body></html>`;
}

/** runs/<test>/<stamp> → "2026-11-22 01:21:18 UTC"; stamps are UTC (core/run-store.ts). */
export function stampTime(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(-\d+)?$/.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} UTC${m[7] ? ` (${m[7].slice(1)})` : ''}` : stamp;
}

export async function runsPage(runsDir: string): Promise<string> {
  let runs: RunSummary[];
  try {
    runs = await listRuns(runsDir);
  } catch (err) {
    return shell(
      'faultline runs',
      `<header><h1>faultline runs</h1></header><main><p>Could not list ${escapeHtml(runsDir)}: ${escapeHtml((err as Error).message)}</p></main>`,
    );
  }
  const rows: string[] = [];
  for (const run of runs.slice(0, MAX_RUNS)) {
    const href = relative(runsDir, run.dir).split(/[\\/]/).map(encodeURIComponent).join('/');
    const hasReport = await access(join(run.dir, 'report.html')).then(
      () => true,
      () => false,
    );
    const test = await readJson<{ config?: { seed?: unknown } }>(join(run.dir, 'test.json')).catch(() => undefined);
    const links = [
      hasReport ? `<a href="/${href}/report.html">report</a>` : '<span class="small">no report</span>',
      `<a href="/${href}/results.json">results</a>`,
      `<a href="/${href}/history.jsonl">history</a>`,
      `<a href="/${href}/">files</a>`,
    ].join(' · ');
    rows.push(
      `<tr><td>${escapeHtml(run.test)}</td><td>${escapeHtml(stampTime(run.stamp))}</td><td><span class="pill ${verdictClass(run.valid)}">${verdictWord(run.valid)}</span></td><td>${escapeHtml(String(test?.config?.seed ?? ''))}</td><td>${links}</td></tr>`,
    );
  }
  const more = runs.length > MAX_RUNS ? `<p class="small">${runs.length - MAX_RUNS} older runs not listed.</p>` : '';
  const table = rows.length
    ? `<table><thead><tr><th>test</th><th>started</th><th>verdict</th><th>seed</th><th>open</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>${more}`
    : `<p>No runs in ${escapeHtml(runsDir)} yet. Start one with <code>faultline test</code>.</p>`;
  return shell(
    'faultline runs',
    `<header><h1>faultline runs</h1><div class="small" style="color:#c5cad1">${escapeHtml(runsDir)} · ${runs.length} runs, newest first</div></header><main>${table}</main>`,
  );
}

/** A plain listing of a folder inside the runs folder. */
export async function folderPage(path: string, segments: readonly string[]): Promise<string> {
  const entries = await readdir(path, { withFileTypes: true });
  const base = segments.length ? `/${segments.map(encodeURIComponent).join('/')}/` : '/';
  const items = entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => {
      const name = e.isDirectory() ? `${e.name}/` : e.name;
      return `<li><a href="${escapeHtml(base + fileHref(e.name) + (e.isDirectory() ? '/' : ''))}">${escapeHtml(name)}</a></li>`;
    });
  const up = segments.length
    ? `<p><a href="${escapeHtml(segments.length > 1 ? `/${segments.slice(0, -1).map(encodeURIComponent).join('/')}/` : '/')}">↑ up</a> · <a href="/">all runs</a></p>`
    : '';
  return shell(`runs/${segments.join('/')}`, `<header><h1>runs/${escapeHtml(segments.join('/'))}</h1></header><main>${up}<ul>${items.join('')}</ul></main>`);
}
