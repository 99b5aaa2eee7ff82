import type { IntervalOverlap, LockDetails, LockInterval } from '../../checkers/lock/index.js';
import { escapeHtml, showValue } from '../html/escape.js';
import type { LockBar } from '../timeline/timeline-data.js';
import { sectionId, timeAt, type CheckerRenderer, type Moment } from './checker-view.js';
import { showButton, table, verdictWord } from './markup.js';

// Lock results: who held the lock when (drawn on the timeline), the overlaps that break
// mutual exclusion, and what the fenced resource saw.

export function isLockResult(v: Record<string, unknown>): boolean {
  return Array.isArray(v.intervals) && Array.isArray(v.violations);
}

const seconds = (ns: number) => `${(ns / 1e9).toFixed(3)} s`;
const lockName = (lock: unknown) => (lock === null || lock === undefined ? 'the lock' : `lock ${typeof lock === 'string' ? lock : showValue(lock, 30)}`);

function holder(i: LockInterval): string {
  return `process ${i.process}${i.token === null ? '' : ` (token ${i.token})`}: ${seconds(i.start)} – ${seconds(i.end)}, ended by ${i.endedBy}`;
}

function overlapIndices(o: IntervalOverlap): number[] {
  return [o.first, o.second].flatMap((i) => [i.acquireIndex, ...(i.releaseIndex === null ? [] : [i.releaseIndex])]);
}

export const renderLock: CheckerRenderer = (name, verdict, context) => {
  const v = verdict as unknown as Partial<LockDetails> & { reason?: string };
  const violations = v.violations ?? [];
  const ambiguous = v.ambiguous ?? [];
  const resource = v.resource;
  const problems: string[] = [];
  if (v.violationCount) problems.push(`${v.violationCount} overlapping holdings`);
  if (resource?.fencingViolations.length) problems.push(`${resource.fencingViolations.length} fencing violations`);
  if (resource?.lostUpdates.length) problems.push(`${resource.lostUpdates.length} lost resource updates`);
  if (resource?.overwritten.length) problems.push(`${resource.overwritten.length} overwritten resource writes`);
  const acquires = v.acquires;
  const summary =
    verdict.valid === 'unknown'
      ? `undecided: ${v.reason ?? 'a budget ran out'}`
      : problems.length
        ? problems.join(', ')
        : `mutual exclusion held${acquires ? ` over ${acquires.ok} granted acquires` : ''}${v.ambiguousCount ? ` (${v.ambiguousCount} possible overlaps of uncertain holdings)` : ''}`;

  const inViolation = new Set(violations.flatMap((o) => [`${o.first.kind}:${o.first.acquireIndex}`, `${o.second.kind}:${o.second.acquireIndex}`]));
  const locks: LockBar[] = (v.intervals ?? []).map((i) => ({
    process: i.process,
    start: i.start,
    end: i.end,
    certain: i.kind === 'certain',
    overlapping: inViolation.has(`${i.kind}:${i.acquireIndex}`),
  }));
  const moments: Moment[] = violations.slice(0, 20).map((o) => ({
    label: `${name}: ${lockName(o.lock)} held by processes ${o.first.process} and ${o.second.process}`,
    time: o.from,
    indices: overlapIndices(o),
  }));
  for (const f of resource?.fencingViolations.slice(0, 10) ?? [])
    moments.push({ label: `${name}: write with stale token ${f.token}`, time: timeAt(context.history, f.index) ?? 0, indices: [f.index, f.after.index] });

  const parts: string[] = [`<section class="checker" id="${sectionId(name)}"><h2>${escapeHtml(name)}: ${verdictWord(verdict.valid)}</h2>`];
  parts.push(
    '<p class="meaning">Mutual exclusion: no two processes may hold the lock at once. A holding is <i>certain</i> from the acquire’s reply to the release’s invocation (or the lease’s end), and <i>possible</i> from the acquire’s invocation to the release’s completion. Holdings are drawn on the timeline.</p>',
  );
  if (acquires)
    parts.push(
      `<p>${acquires.attempted} acquires: ${acquires.ok} granted, ${acquires.fail} refused, ${acquires.unknown} unknown; ${v.intervals?.length ?? 0} holdings drawn${v.truncated ? ' (lists truncated)' : ''}.</p>`,
    );
  if (violations.length) {
    parts.push(`<div class="anomaly" data-finding="overlaps"><h3>Overlapping holders <span class="count">${v.violationCount ?? violations.length}</span></h3>`);
    parts.push(
      table(
        ['lock', 'first holder', 'second holder', 'both held', ''],
        violations.map((o, i) => [
          lockName(o.lock),
          holder(o.first),
          holder(o.second),
          `${seconds(o.from)} – ${seconds(o.to)} (${((o.to - o.from) / 1e6).toFixed(1)} ms)`,
          { html: showButton(overlapIndices(o), `overlap ${i + 1}`, 'timeline') },
        ]),
        '',
      ),
    );
    parts.push('</div>');
  }
  if (ambiguous.length) {
    parts.push(
      `<details class="anomaly"><summary>Possible overlaps (${v.ambiguousCount ?? ambiguous.length}): uncertain holdings that overlap though the certain ones do not</summary>`,
    );
    parts.push(
      table(
        ['lock', 'first holder', 'second holder', 'overlap'],
        ambiguous.map((o) => [lockName(o.lock), holder(o.first), holder(o.second), `${seconds(o.from)} – ${seconds(o.to)}`]),
        '',
      ),
    );
    parts.push('</details>');
  }
  if (resource) {
    const w = resource.writes;
    parts.push(
      `<div class="anomaly"><h3>The fenced resource</h3><p>${w.attempted} writes: ${w.accepted} accepted, ${w.rejectedStale} rejected for a stale token, ${w.failed} failed, ${w.unknown} unknown.</p>`,
    );
    if (resource.fencingViolations.length)
      parts.push(
        table(
          ['write', 'token', 'value', 'accepted after'],
          resource.fencingViolations.map((f) => [`#${f.index}`, String(f.token), String(f.value), `#${f.after.index} with token ${f.after.token}`]),
          '',
        ),
      );
    if (resource.lostUpdates.length)
      parts.push(
        table(
          ['lock', 'value written twice', 'first write', 'second write'],
          resource.lostUpdates.map((l) => [lockName(l.lock), String(l.value), `#${l.first}`, `#${l.second}`]),
          '',
        ),
      );
    if (resource.overwritten.length)
      parts.push(
        table(
          ['lock', 'write', 'value', 'final value', 'final read'],
          resource.overwritten.map((o) => [lockName(o.lock), `#${o.index}`, String(o.value), String(o.finalValue), `#${o.finalReadIndex}`]),
          '',
        ),
      );
    parts.push('</div>');
  }
  if (v.expiries?.length) parts.push(`<p class="small">${v.expiries.length} releases found their lease already expired.</p>`);
  parts.push('</section>');
  return { name, valid: verdict.valid, summary, section: parts.join('\n'), moments, locks };
};
