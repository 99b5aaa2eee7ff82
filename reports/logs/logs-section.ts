import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import { escapeHtml, fileHref } from '../html/escape.js';
import type { Moment } from '../sections/checker-view.js';
import { excerpt, readLog, type NodeLog } from './node-logs.js';

// Per-node log excerpts around each anomaly, so the evidence of what a node was doing sits
// next to the evidence that something went wrong.

const MAX_MOMENTS = 6;
const BEFORE_MS = 3000;
const AFTER_MS = 1000;
const LINES_PER_LOG = 30;

export async function loadLogs(dir: string, nodes: readonly string[], hasHarnessLog: boolean): Promise<{ logs: NodeLog[]; problems: string[] }> {
  const logs: NodeLog[] = [];
  const problems: string[] = [];
  const sources = nodes.map((n) => ({ path: `nodes/${n}.log`, name: n }));
  if (hasHarnessLog) sources.push({ path: 'harness.log', name: 'harness' });
  for (const s of sources) {
    try {
      logs.push(await readLog(join(dir, s.path), s.path, s.name));
    } catch (err) {
      problems.push(`${s.path}: ${errorMessage(err)}`);
    }
  }
  return { logs, problems };
}

/** Distinct moments, earliest first, at most one per second of the run. */
export function pickMoments(moments: readonly Moment[]): Moment[] {
  const picked: Moment[] = [];
  for (const m of [...moments].sort((a, b) => a.time - b.time)) {
    if (picked.some((p) => Math.abs(p.time - m.time) < 1e9)) continue;
    picked.push(m);
    if (picked.length >= MAX_MOMENTS) break;
  }
  return picked;
}

export function logsSection(logs: readonly NodeLog[], moments: readonly Moment[], startedAt: string | undefined): string {
  const parts: string[] = ['<section id="logs"><h2>Node logs around the anomalies</h2>'];
  const links = logs.map((l) => `<a href="${escapeHtml(fileHref(l.path))}">${escapeHtml(l.path)}</a>${l.cut ? ' (only its first 32 MB were read)' : ''}`);
  parts.push(`<p>Raw logs: ${links.length ? links.join(', ') : 'none in this run folder'}.</p>`);
  const start = startedAt ? Date.parse(startedAt) : NaN;
  const picked = pickMoments(moments);
  if (picked.length === 0) {
    parts.push('<p class="small">No anomalies to line logs up with.</p></section>');
    return parts.join('\n');
  }
  if (Number.isNaN(start) || logs.length === 0) {
    parts.push(
      `<p class="small">${logs.length === 0 ? 'There are no logs to excerpt.' : 'test.json has no startedAt, so log times cannot be lined up with the history.'}</p></section>`,
    );
    return parts.join('\n');
  }
  parts.push(
    `<p class="note">Approximate alignment: a history time <i>t</i> is taken as wall-clock startedAt (${escapeHtml(startedAt)}) + <i>t</i>. startedAt is recorded shortly before the history's clock starts, so log lines may appear up to a few hundred milliseconds late relative to the history; a node whose clock was skewed by the nemesis logs skewed times. Each excerpt covers ${BEFORE_MS / 1000} s before to ${AFTER_MS / 1000} s after the moment.</p>`,
  );
  picked.forEach((m, k) => {
    const at = start + m.time / 1e6;
    parts.push(
      `<div class="moment"><h3>At ${(m.time / 1e9).toFixed(3)} s <span class="small">(≈ ${escapeHtml(new Date(at).toISOString())})</span>: ${escapeHtml(m.label)}</h3>`,
    );
    for (const log of logs) {
      const lines = excerpt(log, at - BEFORE_MS, at + AFTER_MS, at, LINES_PER_LOG);
      if (lines.length === 0) {
        parts.push(`<p class="small">${escapeHtml(log.name)}: nothing logged in this window.</p>`);
        continue;
      }
      const body: string[] = [];
      let marked = false;
      for (const l of lines) {
        if (!marked && l.at > at) {
          body.push('<span class="now">──── the moment above ────</span>');
          marked = true;
        }
        body.push(`<span class="ln">${l.line}</span>${escapeHtml(l.text)}`);
      }
      if (!marked) body.push('<span class="now">──── the moment above ────</span>');
      parts.push(
        `<details${k === 0 ? ' open' : ''}><summary>${escapeHtml(log.name)} <a href="${escapeHtml(fileHref(log.path))}">${escapeHtml(log.path)}</a> lines ${lines[0].line}–${lines[lines.length - 1].line}</summary><pre class="log">${body.join('\n')}</pre></details>`,
      );
    }
    parts.push('</div>');
  });
  parts.push('</section>');
  return parts.join('\n');
}
