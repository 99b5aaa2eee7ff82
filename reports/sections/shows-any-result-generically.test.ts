import { describe, expect, it } from 'vitest';
import { checkSetFull } from '../../checkers/loss/index.js';
import { setModel, simulate } from '../../checkers/test-support/index.js';
import type { Verdict } from '../../core/verdict.js';
import { renderChecker } from './render-checker.js';

// Results the report has no dedicated view for (the loss checkers, a checker written
// tomorrow) are still shown: counts, each list of findings as a table with what it means and
// a button to find them on the timeline, and the raw JSON.

describe('the generic view of a checker result', () => {
  const history = simulate(setModel({ opsPerKey: 1000, readFraction: 0.3, infoFraction: 0 }), { seed: 3, operations: 400, workers: 4 });
  for (const op of history) {
    if (op.f === 'read' && op.type === 'ok' && op.index > 200 && Array.isArray(op.value)) op.value = (op.value as number[]).filter((e) => e !== 10);
  }

  it('shows a set-full loss as a table of lost elements with their meaning and history indices', async () => {
    const verdict = (await checkSetFull(history, {})) as Verdict;
    expect(verdict.valid).toBe(false);
    const view = renderChecker('set-full', verdict, { history });
    expect(view.summary).toMatch(/^lost: 1\b/);
    expect(view.section).toContain('data-finding="lost"');
    expect(view.section).toContain('missing from every read from some point on');
    expect(view.section).toMatch(/data-show-indices="\d+(,\d+)*"/);
    expect(view.section).toContain('Raw result (JSON)');
    expect(view.moments.length).toBeGreaterThan(0);
  });

  it('says only "valid" and the counts for a valid result', () => {
    const view = renderChecker('brand-new', { valid: true, checked: 12, note: 'fine' } as Verdict, { history: [] });
    expect(view).toMatchObject({ valid: true, summary: 'checked 12', section: '', moments: [] });
  });
});
