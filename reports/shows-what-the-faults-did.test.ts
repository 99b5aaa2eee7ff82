import { afterEach, describe, expect, it } from 'vitest';
import type { Op } from '../core/history.js';
import { buildReport } from './build-report.js';
import { faultWindows } from './model/index.js';
import { makeRunFolder, type TempRunFolder } from './test-support/index.js';

// The report says what the faults really did: per kind, applied, verified and not applied with
// the reasons; a requested kind that never took effect turns a valid banner amber and says so;
// and a fault that took no effect draws no window.

const checks = (outcome: string, subject = 'n1') => [
  { fault: 'clock', undo: false, subject, outcome, detail: outcome === 'not-applied' ? 'clock skew not applied: /opt/db is a Go program' : 'read it' },
];

const history: Op[] = [
  {
    index: 0,
    time: 1e9,
    type: 'info',
    process: 'nemesis',
    f: 'bump-clock',
    value: { offsets: { n2: 500 }, effect: { outcome: 'verified', checks: checks('verified', 'n2') } },
  },
  {
    index: 1,
    time: 2e9,
    type: 'info',
    process: 'nemesis',
    f: 'bump-clock',
    value: { offsets: { n1: 500 }, effect: { outcome: 'not-applied', checks: checks('not-applied') } },
  },
  {
    index: 2,
    time: 3e9,
    type: 'info',
    process: 'nemesis',
    f: 'start-partition',
    value: { grudge: { n1: ['n2'], n2: ['n1'] }, effect: { outcome: 'unverified', checks: [] } },
  },
];

const results = {
  valid: true,
  checkers: { stats: { valid: true } },
  faults: {
    kinds: {
      clock: {
        faults: 2,
        applied: 1,
        verified: 1,
        notApplied: 1,
        undos: 0,
        undosVerified: 0,
        notAppliedWhy: [{ why: 'clock skew not applied: /opt/db is a Go program', subjects: ['n1'], count: 1 }],
        unverifiedWhy: [],
        excluded: [{ node: 'n3', why: 'clock skew not applied: /opt/<b>db</b> is a Go program' }],
      },
      kill: { faults: 0, applied: 0, verified: 0, notApplied: 0, undos: 0, undosVerified: 0, notAppliedWhy: [], unverifiedWhy: [], excluded: [] },
    },
    neverTookEffect: [{ kind: 'kill', why: 'no fault of this kind was started during the run' }],
  },
};

describe('the report shows what the faults did', () => {
  let folder: TempRunFolder | undefined;
  afterEach(async () => {
    await folder?.remove();
    folder = undefined;
  });

  it('per kind: applied, verified, not applied and why; the banner names a kind that never took effect', async () => {
    folder = await makeRunFolder({ history, results }, 'faults');
    const html = await buildReport(folder.dir);
    expect(html).toMatch(/<div class="banner unknown" id="verdict"><div class="big">VALID, BUT NOT UNDER EVERY FAULT ASKED FOR<\/div>/);
    expect(html).toContain(
      '<b>Requested faults never took effect</b>, so this verdict says nothing about them:<ul><li><b>kill</b>: no fault of this kind was started during the run</li></ul>',
    );
    expect(html).toContain('<section id="fault-effects"><h2>What the faults did</h2>');
    expect(html).toContain('<tr><td>clock</td><td>2</td><td>1</td><td>1</td><td>1</td><td>–</td></tr>');
    expect(html).toContain('<li><b>clock</b> not applied (1×; n1): clock skew not applied: /opt/db is a Go program</li>');
    // Reasons are text from the target's world, escaped like any other.
    expect(html).toContain('<li><b>clock</b>, n3: clock skew not applied: /opt/&lt;b&gt;db&lt;/b&gt; is a Go program</li>');
  });

  it('a run whose faults all took effect keeps its green banner', async () => {
    const allGood = { ...results, faults: { kinds: { clock: results.faults.kinds.clock }, neverTookEffect: [] } };
    folder = await makeRunFolder({ history, results: allGood }, 'faults');
    const html = await buildReport(folder.dir);
    expect(html).toMatch(/<div class="banner valid" id="verdict"><div class="big">VALID<\/div>/);
    expect(html).not.toContain('Requested faults never took effect');
  });

  it('draws no fault window for a fault that took no effect, and marks an unverified one', () => {
    const windows = faultWindows(history);
    expect(windows.map((w) => [w.f, w.effect, w.label])).toEqual([
      ['bump-clock', 'verified', 'clock n2 +500ms'],
      ['start-partition', 'unverified', 'partition n1 | n2 (not verified)'],
    ]);
  });
});
