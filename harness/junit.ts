import type { ComposedVerdict } from '../core/verdict.js';
import type { FaultSummary } from '../nemesis/verify/summary.js';

// JUnit XML for CI dashboards: one test case per checker (invalid is a failure, unknown an
// error) and, for a test run, one per requested fault kind: passed when its faults took effect,
// skipped when none did, so a dashboard shows what the verdict was not tested under.

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function junitXml(suite: string, results: ComposedVerdict & { faults?: FaultSummary }, elapsedSeconds = 0): string {
  const open = (name: string) => `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(name)}">`;
  const cases = Object.entries(results.checkers).map(([name, verdict]) => {
    if (verdict.valid === true) return `${open(name)}</testcase>`;
    const detail = escapeXml(JSON.stringify(verdict, null, 2).slice(0, 20_000));
    if (verdict.valid === false)
      return `${open(name)}\n      <failure message="${escapeXml(`${name} found the history invalid`)}">${detail}</failure>\n    </testcase>`;
    return `${open(name)}\n      <error message="${escapeXml(`${name} could not decide: ${verdict.reason}`)}">${detail}</error>\n    </testcase>`;
  });
  const never = new Map((results.faults?.neverTookEffect ?? []).map((n) => [n.kind, n.why]));
  let skipped = 0;
  for (const [kind, effects] of Object.entries(results.faults?.kinds ?? {})) {
    const name = `fault ${kind}`;
    const why = never.get(kind);
    const counts = `${effects.applied} applied, ${effects.verified} verified, ${effects.notApplied} not applied`;
    if (why === undefined) cases.push(`${open(name)}<system-out>${escapeXml(counts)}</system-out></testcase>`);
    else {
      skipped++;
      cases.push(`${open(name)}\n      <skipped message="${escapeXml(`${kind} never took effect: ${why}`)}">${escapeXml(counts)}</skipped>\n    </testcase>`);
    }
  }
  const failures = Object.values(results.checkers).filter((v) => v.valid === false).length;
  const errors = Object.values(results.checkers).filter((v) => v.valid === 'unknown').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${elapsedSeconds.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" ${counts}>`,
    `  <testsuite name="${escapeXml(suite)}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
