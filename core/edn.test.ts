import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportEdnHistory, importEdnHistory } from './edn.js';
import { HistoryFormatError } from './errors.js';
import { historyToJsonl } from './history-writer.js';
import { parseHistoryJsonl } from './history-reader.js';

const fixture = (name: string) => readFileSync(new URL(`../harness/test-support/fixtures/${name}`, import.meta.url), 'utf8');

describe('Jepsen EDN histories', () => {
  it('imports keywords as strings, :nemesis as "nemesis" and independent [k v] tuples as key + value', () => {
    const { history, warnings } = importEdnHistory(fixture('jepsen-register.edn'));
    expect(warnings).toEqual([]);
    expect(history[0]).toEqual({ index: 0, time: 1520833, type: 'invoke', process: 0, f: 'write', value: 3, key: 1 });
    expect(history[1]).toMatchObject({ f: 'read', key: 1, value: null });
    expect(history[5]).toMatchObject({ process: 'nemesis', type: 'info', f: 'start-partition', value: { n1: ['n2', 'n3'] } });
    expect(history[6]).toMatchObject({ f: 'cas', key: 2, value: [3, 4] });
    expect(history[7]).toMatchObject({ type: 'info', error: 'timeout' });
    expect(history[9].error).toBe('["unavailable","no leader"]');
  });

  it('imports a history written as one vector, with transaction micro-ops', () => {
    const { history } = importEdnHistory(fixture('jepsen-list-append.edn'));
    expect(history).toHaveLength(4);
    expect(history[1]).toMatchObject({
      f: 'txn',
      value: [
        ['append', 1, 1],
        ['r', 2, [1, 2]],
      ],
    });
    expect(history[1].key).toBeUndefined();
  });

  it('round-trips EDN → JSONL → EDN', () => {
    for (const name of ['jepsen-register.edn', 'jepsen-list-append.edn']) {
      const imported = importEdnHistory(fixture(name)).history;
      const viaJsonl = parseHistoryJsonl(historyToJsonl(imported)).history;
      expect(viaJsonl).toEqual(imported);
      const exported = exportEdnHistory(viaJsonl);
      expect(importEdnHistory(exported).history).toEqual(imported);
    }
  });

  it('writes Jepsen vocabulary: keywords for type, f, nemesis and micro-op functions', () => {
    const text = exportEdnHistory(importEdnHistory(fixture('jepsen-list-append.edn')).history);
    expect(text.split('\n')[1]).toBe('{:index 1 :time 20 :type :ok :process 0 :f :txn :value [[:append 1 1] [:r 2 [1 2]]]}');
    const register = exportEdnHistory(importEdnHistory(fixture('jepsen-register.edn')).history);
    expect(register).toContain(':process :nemesis');
    expect(register.split('\n')[0]).toBe('{:index 0 :time 1520833 :type :invoke :process 0 :f :write :value [1 3]}');
  });

  it('names the line that is not valid EDN', () => {
    const text = fixture('jepsen-register.edn').replace('{:type :ok, :f :read', '{:type :ok, :f :read (');
    expect(() => importEdnHistory(text, { file: 'h.edn' })).toThrow(HistoryFormatError);
    expect(() => importEdnHistory(text, { file: 'h.edn' })).toThrow(/h\.edn:4/);
  });

  it('validates imported operations like JSONL ones', () => {
    const text = '{:type :ok, :f :read, :value 1, :process 0, :time 1}\n';
    expect(() => importEdnHistory(text, { file: 'h.edn' })).toThrow(/h\.edn:1: field "type" ok for process 0 has no matching invoke/);
  });
});
