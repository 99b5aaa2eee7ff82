import { describe, expect, it } from 'vitest';
import { parseHistoryJsonl } from '../core/history-reader.js';
import { allCheckers, compose } from './index.js';

// A history that gives a checker nothing to decide is `unknown`, never `valid` (DESIGN.md):
// an empty (0-byte) file most of all, and one that holds only nemesis events.

describe('every checker on a history with nothing in it', () => {
  const empty = parseHistoryJsonl('').history;
  const nemesisOnly = parseHistoryJsonl('{"index":0,"time":0,"type":"info","process":"nemesis","f":"start-partition","value":null}\n').history;

  it.each(allCheckers().map((c) => [c.name, c] as const))('%s answers unknown with a reason', async (_name, checker) => {
    for (const history of [empty, nemesisOnly]) {
      const verdict = await checker.check(history, {});
      expect(verdict.valid).toBe('unknown');
      expect(verdict.valid === 'unknown' && verdict.reason).toMatch(/\w/);
    }
  });

  it('so the composed verdict of a 0-byte history is unknown', async () => {
    const results = Object.fromEntries(await Promise.all(allCheckers().map(async (c) => [c.name, await c.check(empty, {})] as const)));
    expect(compose(results).valid).toBe('unknown');
  });
});
