import { describe, expect, it } from 'vitest';
import { checkLinearizableSync } from '../checkers/linearizable/index.js';
import { history } from '../checkers/test-support/index.js';
import { renderLinearizable } from './sections/linearizable.js';

// A key the reads prove not linearizable comes with the cycle that proves it; the report
// lists it step by step, escaped like every text that came from a history.

describe('the report of a revealed-order failure', () => {
  const events = history(
    ['invoke', 0, 'append', '<a>', 'k'],
    ['ok', 0, 'append', '<a>', 'k'],
    ['invoke', 1, 'append', 'b', 'k'],
    ['ok', 1, 'append', 'b', 'k'],
    ['invoke', 2, 'read', null, 'k'],
    ['ok', 2, 'read', 'b<a>', 'k'],
  );
  const verdict = checkLinearizableSync(events, 'kv');

  it('is found from what the read reveals, with the cycle in words', () => {
    expect(verdict.valid).toBe(false);
    const failure = verdict.failures?.[0];
    expect(failure?.found).toBe('revealed-order');
    expect(failure?.because).toEqual([
      '#2 append "b" before #0 append "<a>": the appends show in this order in read "b<a>"',
      '#0 append "<a>" before #2 append "b": it completed (#1) before the other was invoked',
    ]);
  });

  it('lists the cycle, escaped', () => {
    const view = renderLinearizable('linearizable', verdict as typeof verdict & Record<string, unknown>, { history: events });
    expect(view.section).toContain(
      '<li>#2 append &quot;b&quot; before #0 append &quot;&lt;a&gt;&quot;: the appends show in this order in read &quot;b&lt;a&gt;&quot;</li>',
    );
    expect(view.section).not.toContain('"<a>"');
  });
});
