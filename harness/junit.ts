import type { ComposedVerdict } from '../core/verdict.js';

// JUnit XML for CI dashboards: one test case per checker; invalid is a failure, unknown an error.

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function junitXml(suite: string, results: ComposedVerdict, elapsedSeconds = 0): string {
  const cases = Object.entries(results.checkers).map(([name, verdict]) => {
    const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(name)}">`;
    if (verdict.valid === true) return `${open}</testcase>`;
    const detail = escapeXml(JSON.stringify(verdict, null, 2).slice(0, 20_000));
    if (verdict.valid === false) return `${open}\n      <failure message="${escapeXml(`${name} found the history invalid`)}">${detail}</failure>\n    </testcase>`;
    return `${open}\n      <error message="${escapeXml(`${name} could not decide: ${verdict.reason}`)}">${detail}</error>\n    </testcase>`;
  });
  const failures = Object.values(results.checkers).filter((v) => v.valid === false).length;
  const errors = Object.values(results.checkers).filter((v) => v.valid === 'unknown').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${elapsedSeconds.toFixed(3)}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${elapsedSeconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
