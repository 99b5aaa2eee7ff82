import { describe, expect, it } from 'vitest';
import { excerpt, parseLog } from './node-logs.js';

describe('node logs', () => {
  const text = [
    '=== faultline 2026-01-02T03:04:05.000Z n1: start ===',
    '2026-01-02T03:04:06.000Z +1.0s n1 leader term=2',
    'Error: boom',
    '    at somewhere',
    '2026-01-02T03:04:07.500Z +2.5s n1 commit index=3',
    '2026-01-02T03:04:09.000Z +4.0s n1 commit index=4',
  ].join('\n');
  const lines = parseLog(text);

  it('reads each line’s time, and gives untimed lines the time of the line before', () => {
    expect(lines.map((l) => l.at - Date.parse('2026-01-02T03:04:05.000Z'))).toEqual([0, 1000, 1000, 1000, 2500, 4000]);
    expect(lines[2]).toMatchObject({ line: 3, text: 'Error: boom' });
  });

  it('excerpts a window, keeping the lines nearest the moment when there are too many', () => {
    const log = { path: 'nodes/n1.log', name: 'n1', lines, cut: false };
    const t = Date.parse('2026-01-02T03:04:07.000Z');
    expect(excerpt(log, t - 1500, t + 1000, t, 10).map((l) => l.line)).toEqual([2, 3, 4, 5]);
    expect(excerpt(log, t - 3000, t + 3000, t, 2).map((l) => l.line)).toEqual([4, 5]);
  });
});
