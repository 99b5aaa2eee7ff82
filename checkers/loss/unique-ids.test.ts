import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkUniqueIds } from './unique-ids.js';

describe('unique-ids: every acknowledged id distinct', () => {
  it('is valid for distinct ids, ignoring failed and unknown generations', () => {
    const h = new HistoryBuilder();
    h.call(0, 'generate', null, 1);
    h.call(1, 'generate', null, 2);
    h.invoke(2, 'generate', null);
    h.info(2, null, 'timeout');
    const result = decided(checkUniqueIds(h.build()));
    expect(result).toMatchObject({ valid: true, acknowledged: 2, unknown: 1, duplicatedCount: 0, range: [1, 2] });
  });

  it('names each duplicated id with the indices of every completion that returned it', () => {
    const h = new HistoryBuilder();
    const a = h.call(0, 'generate', null, 7);
    h.call(1, 'generate', null, 8);
    const b = h.call(2, 'generate', null, 7);
    const c = h.call(0, 'generate', null, 7);
    const result = decided(checkUniqueIds(h.build()));
    expect(result.valid).toBe(false);
    expect(result.duplicates).toEqual([{ id: 7, indices: [a, b, c] }]);
  });

  it('compares structured ids by content and keeps keys apart', () => {
    const h = new HistoryBuilder();
    const a = h.call(0, 'generate', null, [1, 'n1'], 'x');
    const b = h.call(1, 'generate', null, [1, 'n1'], 'x');
    h.call(1, 'generate', null, [1, 'n1'], 'y');
    const result = decided(checkUniqueIds(h.build()));
    expect(result.duplicates).toEqual([{ key: 'x', id: [1, 'n1'], indices: [a, b] }]);
  });

  it('keeps 1 and "1" apart', () => {
    const h = new HistoryBuilder();
    h.call(0, 'generate', null, 1);
    h.call(0, 'generate', null, '1');
    expect(checkUniqueIds(h.build()).valid).toBe(true);
  });
});
