import { describe, expect, it } from 'vitest';
import { renderAuditHtml } from './html.js';
import type { AuditResult } from './matrix.js';
import { renderAuditText } from './text.js';

const result: AuditResult = {
  target: 'postgres',
  exitCode: 1,
  kept: false,
  promises: { 'read-committed': 'read-committed', serializable: 'serializable' },
  levels: {
    'read-committed': {
      'G-single': { observed: true, transactions: 400, run: 'runs/rc/1', count: 3, forbidden: false, decided: true },
      G1a: { observed: false, transactions: 400, forbidden: true, decided: true },
    },
    serializable: {
      'G-single': { observed: true, transactions: 200, run: 'runs/<ser>/1', count: 1, forbidden: true, decided: true },
      G1a: { observed: false, transactions: 0, forbidden: true, decided: true },
    },
  },
  violations: [{ level: 'serializable', anomaly: 'G-single', model: 'serializable', run: 'runs/<ser>/1' }],
  anomalies: [
    { name: 'G-single', meaning: 'read skew' },
    { name: 'G1a', meaning: 'aborted read' },
  ],
  runs: [{ level: 'serializable', workload: 'list-append', run: 'runs/<ser>/1', valid: false, timeLimitMs: 1000, seed: 1 }],
};

describe('the audit matrix as text', () => {
  it('marks kept and broken promises, counts what was not seen, and names the runs that show the rest', () => {
    const text = renderAuditText(result);
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(name))!;
    expect(row('promise')).toMatch(/read-committed\s+serializable/);
    expect(row('G-single')).toMatch(/^G-single\s+observed \[1\]\s+✗ observed \[2\]$/);
    expect(row('G1a')).toMatch(/✓ not observed in 400\s+not tested$/);
    expect(text).toContain('[1] runs/rc/1');
    expect(text).toContain('[2] runs/<ser>/1');
    expect(text).toMatch(/verdict: BROKEN PROMISE: G-single at serializable \(promised serializable\)/);
  });
});

describe('the audit matrix as HTML', () => {
  it('links each sighting to its run’s report and escapes every name', () => {
    const html = renderAuditHtml(result, { reportHref: (run) => `../../${run}/report.html`, about: ['settings <default>'] });
    expect(html).toContain('<a href="../../runs/rc/1/report.html">observed</a> (3×)');
    expect(html).toContain('runs/&lt;ser&gt;/1');
    expect(html).not.toContain('<ser>');
    expect(html).toContain('<p>settings &lt;default&gt;</p>');
    expect(html).toMatch(/<td class="broken"[^>]*>/);
    expect(html).toMatch(/<td class="kept"[^>]*>not observed in 400 transactions/);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
