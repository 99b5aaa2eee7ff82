import { describe, expect, it } from 'vitest';
import { HistoryFormatError } from './errors.js';
import { parseHistoryJsonl } from './history-reader.js';

const good = [
  { index: 0, time: 10, type: 'invoke', process: 0, f: 'write', value: 3 },
  { index: 1, time: 20, type: 'ok', process: 0, f: 'write', value: 3 },
  { index: 2, time: 30, type: 'info', process: 'nemesis', f: 'start-partition', value: { n1: ['n2'] } },
  { index: 3, time: 40, type: 'invoke', process: 1, f: 'read', value: null, key: 'k1' },
];

function jsonl(ops: unknown[]): string {
  return `${ops.map((o) => JSON.stringify(o)).join('\n')}\n`;
}

function errorOf(text: string): HistoryFormatError {
  try {
    parseHistoryJsonl(text, { file: 'h.jsonl' });
  } catch (err) {
    if (err instanceof HistoryFormatError) return err;
    throw err;
  }
  throw new Error('expected the history to be rejected');
}

describe('the JSONL history reader', () => {
  it('reads a valid history, leaving a final open invocation open', () => {
    const { history, warnings } = parseHistoryJsonl(jsonl(good));
    expect(history).toHaveLength(4);
    expect(history[3]).toMatchObject({ f: 'read', key: 'k1' });
    expect(warnings).toEqual([]);
  });

  it('rejects truncated JSON in the middle with its line number', () => {
    const text = jsonl(good).replace('"f":"write","value":3}\n{"index":1', '"f":"wri\n{"index":1');
    const err = errorOf(text);
    expect(err.line).toBe(1);
    expect(err.message).toMatch(/h\.jsonl:1: is not valid JSON/);
  });

  it('drops a truncated final line left by a killed writer, keeping the prefix', () => {
    const text = `${jsonl(good)}{"index":4,"time":50,"ty`;
    const { history, warnings } = parseHistoryJsonl(text, { file: 'h.jsonl' });
    expect(history).toHaveLength(4);
    expect(warnings[0]).toMatch(/h\.jsonl:5: dropped a truncated final line/);
  });

  it('names the field with the wrong type', () => {
    const err = errorOf(jsonl([{ ...good[0], type: 'done' }]));
    expect(err).toMatchObject({ line: 1, field: 'type' });
    expect(err.message).toContain('"done"');
  });

  it('rejects a completion without an invoke', () => {
    const err = errorOf(jsonl([{ index: 0, time: 1, type: 'ok', process: 2, f: 'read', value: 1 }]));
    expect(err).toMatchObject({ line: 1, field: 'type' });
    expect(err.message).toMatch(/no matching invoke/);
  });

  it('rejects a duplicate index', () => {
    const err = errorOf(jsonl([good[0], { ...good[1], index: 0 }]));
    expect(err).toMatchObject({ line: 2, field: 'index' });
    expect(err.message).toMatch(/duplicate/);
  });

  it('rejects a second invoke while the first is outstanding', () => {
    const err = errorOf(jsonl([good[0], { ...good[0], index: 1, time: 11 }]));
    expect(err).toMatchObject({ line: 2 });
    expect(err.message).toMatch(/still outstanding/);
  });

  it('rejects a completion whose f differs from its invoke', () => {
    const err = errorOf(jsonl([good[0], { ...good[1], f: 'read' }]));
    expect(err).toMatchObject({ line: 2, field: 'f' });
  });

  it('rejects unknown fields and missing values', () => {
    expect(errorOf(jsonl([{ ...good[0], valeu: 3 }])).field).toBe('valeu');
    const { value: _omit, ...noValue } = good[0];
    expect(errorOf(jsonl([noValue])).field).toBe('value');
  });

  it('refuses values nested past the limit, naming line and field, without recursing into them', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const line = (value: string) => `{"index":0,"time":1,"type":"invoke","process":0,"f":"write","value":${value}}\n`;
    expect(() => parseHistoryJsonl(line(nested(99)))).not.toThrow();
    for (const depth of [101, 1_000_000]) {
      const err = errorOf(line(nested(depth)));
      expect(err).toMatchObject({ line: 1, field: 'value' });
      expect(err.message).toMatch(/nests more than 100 levels deep/);
    }
  });

  it('numbers each operation with the line it is on, blank lines included', () => {
    const { lines } = parseHistoryJsonl(`\n${JSON.stringify(good[0])}\n\n${JSON.stringify(good[1])}\n`);
    expect(lines).toEqual([2, 4]);
  });
});
