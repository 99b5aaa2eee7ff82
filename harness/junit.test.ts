import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.js';

describe('JUnit XML', () => {
  const kind = (applied: number) => ({
    faults: applied,
    applied,
    verified: applied,
    notApplied: 0,
    undos: 0,
    undosVerified: 0,
    notAppliedWhy: [],
    unverifiedWhy: [],
    excluded: [],
  });

  it('has a case per checker and per requested fault kind; a kind that never took effect is skipped, with why', () => {
    const xml = junitXml('runs/x', {
      valid: true,
      checkers: { linearizable: { valid: true }, stats: { valid: 'unknown', reason: 'no <ops>' } },
      faults: { kinds: { partition: kind(3), clock: kind(0) }, neverTookEffect: [{ kind: 'clock', why: 'clock skew not applied: /opt/db is a Go program' }] },
    });
    expect(xml).toContain('<testsuites name="faultline" tests="4" failures="0" errors="1" skipped="1"');
    expect(xml).toContain('<testcase classname="runs/x" name="fault partition"><system-out>3 applied, 3 verified, 0 not applied</system-out></testcase>');
    expect(xml).toContain(
      '<skipped message="clock never took effect: clock skew not applied: /opt/db is a Go program">0 applied, 0 verified, 0 not applied</skipped>',
    );
    expect(xml).toContain('<error message="stats could not decide: no &lt;ops&gt;">');
  });
});
