import { describe, expect, it } from 'vitest';
import { importEdnHistory } from '../core/edn.js';
import { HistoryFormatError } from '../core/errors.js';

// Every layout Jepsen and Knossos write EDN in, and every value a Jepsen history holds: read
// exactly, or refused with its line and column. Nothing is dropped or rounded silently.

const W0 = '{:type :invoke, :f :write, :value 1, :process 0, :time 10, :index 0}';
const W1 = '{:type :ok, :f :write, :value 1, :process 0, :time 20, :index 1}';
const R0 = '{:type :invoke, :f :read, :value nil, :process 1, :time 30, :index 2}';
const R1 = '{:type :ok, :f :read, :value 1, :process 1, :time 40, :index 3}';
const FOUR = [W0, W1, R0, R1];

function refusal(text: string): HistoryFormatError {
  try {
    importEdnHistory(text, { file: 'h.edn' });
  } catch (err) {
    if (err instanceof HistoryFormatError) return err;
    throw err;
  }
  throw new Error('expected the history to be refused');
}

const shape = (text: string) => importEdnHistory(text).history.map((op) => [op.type, op.f, op.value]);
const EXPECTED = [
  ['invoke', 'write', 1],
  ['ok', 'write', 1],
  ['invoke', 'read', null],
  ['ok', 'read', 1],
];

describe('EDN layouts', () => {
  it('one map per line (jepsen.store, prn)', () => {
    const { history, lines } = importEdnHistory(FOUR.join('\n'));
    expect(history.map((op) => [op.type, op.f, op.value])).toEqual(EXPECTED);
    expect(lines).toEqual([1, 2, 3, 4]);
  });

  it('several maps on one line: none is dropped', () => {
    const { history, lines } = importEdnHistory(`${W0} ${W1}\n${R0}${R1}\n`);
    expect(history.map((op) => [op.type, op.f, op.value])).toEqual(EXPECTED);
    expect(lines).toEqual([1, 1, 2, 2]);
  });

  it('one map across several lines (pprint)', () => {
    const pretty = FOUR.map((m) => m.replaceAll(', ', ',\n  ')).join('\n');
    const { history, lines } = importEdnHistory(pretty);
    expect(history.map((op) => [op.type, op.f, op.value])).toEqual(EXPECTED);
    expect(lines).toEqual([1, 7, 13, 19]);
  });

  it('the whole history wrapped in [...] or (...), as Knossos data files are', () => {
    expect(shape(`[${FOUR.join('\n ')}]`)).toEqual(EXPECTED);
    expect(shape(`(${FOUR.join(' ')})`)).toEqual(EXPECTED);
    expect(importEdnHistory(`[${FOUR.join('\n ')}]`).lines).toEqual([1, 2, 3, 4]);
  });

  it('Knossos data without :index or :time is numbered by position', () => {
    const knossos =
      '[{:process 70, :type :invoke, :f :read, :value nil}\n {:process 70, :type :ok, :f :read, :value nil}\n {:process 75, :type :invoke, :f :cas, :value [3 0]}\n {:process 75, :type :fail, :f :cas, :value [3 0]}]';
    const { history } = importEdnHistory(knossos);
    expect(history.map((op) => [op.index, op.time, op.process, op.f])).toEqual([
      [0, 0, 70, 'read'],
      [1, 1, 70, 'read'],
      [2, 2, 75, 'cas'],
      [3, 3, 75, 'cas'],
    ]);
  });

  it("Knossos's older [process type f value] tuples", () => {
    expect(shape('[0 :invoke :write 1]\n[0 :ok :write 1]\n[1 :invoke :read nil]\n[1 :ok :read 1]')).toEqual(EXPECTED);
    expect(shape('[[0 :invoke :write 1] [0 :ok :write 1] [1 :invoke :read nil] [1 :ok :read 1]]')).toEqual(EXPECTED);
  });

  it('#jepsen.history.Op records, as Jepsen 0.3 prints them; extra fields are reported and ignored', () => {
    const text = FOUR.map((m) => `#jepsen.history.Op${m}`)
      .join('\n')
      .replace(':index 3}', ':index 3, :final? true}');
    const { history, warnings } = importEdnHistory(text);
    expect(history.map((op) => [op.type, op.f, op.value])).toEqual(EXPECTED);
    expect(warnings).toEqual(["ignored Jepsen fields not in faultline's history format: final?"]);
  });

  it('comments, commas and #_ discards', () => {
    expect(shape(`; a history\n${W0},, ${W1} #_ {:type :ok} ${R0}\n#_#_ 1 2 ${R1} ; done`)).toEqual(EXPECTED);
  });

  it('an empty file, or an empty vector, is an empty history', () => {
    expect(importEdnHistory('').history).toEqual([]);
    expect(importEdnHistory(' [ ] \n').history).toEqual([]);
  });
});

describe('EDN trailing garbage and broken forms name line and column', () => {
  it.each([
    [`[${W0}\n ${W1}] junk`, 2, 68, /unexpected form after the history vector/],
    [`${W0}\n${W1} }`, 2, 66, /"}" closes nothing/],
    [`${W0}\n  42`, 2, 3, /is not an operation: expected a map/],
    [`${W0}\n{:type :ok, :f :write`, 2, 1, /the map begun here is never closed/],
    [`${W0}\n{:type :ok :f}`, 2, 1, /has 3 forms, not key-value pairs/],
    [`${W0}\n{:type :ok, :value "abc}`, 2, 20, /the string begun here is never closed/],
    [`${W0}\n[:x}`, 2, 4, /"}" does not close the vector begun at line 2, column 1/],
    [`${W0}\n#"re"`, 2, 1, /regexes, anonymous functions/],
    [`${W0}\n'(1 2)`, 2, 1, /Clojure syntax, not EDN/],
  ])('%j', (text, line, column, message) => {
    const err = refusal(text);
    expect(err).toMatchObject({ file: 'h.edn', line, column });
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`h.edn:${line}:${column}:`)).toBe(true);
  });
});

describe('EDN values: read exactly or refused', () => {
  const withValue = (value: string) => `{:type :invoke, :f :write, :value ${value}, :process 0}`;
  const importedValue = (value: string) => importEdnHistory(withValue(value)).history[0].value;

  it.each([
    ['1N', 1],
    ['-42N', -42],
    ['9007199254740991N', 9007199254740991],
    ['4/2', 2],
    ['3M', 3],
    ['2.5', 2.5],
    ['1e3', 1000],
    ['#{1 2 3}', [1, 2, 3]],
    ['#inst "2024-01-02T03:04:05.000-00:00"', '2024-01-02T03:04:05.000-00:00'],
    ['#uuid "8f1c0b9e-5d2a-4a3e-9c1d-1f2e3d4c5b6a"', '8f1c0b9e-5d2a-4a3e-9c1d-1f2e3d4c5b6a'],
    ['\\a', 'a'],
    ['\\newline', '\n'],
    ['"tab\\there \\u00e9"', 'tab\there é'],
    [':ns/kw', 'ns/kw'],
    ['some.sym', 'some.sym'],
    ['{:a 1, "b" 2, 3 4}', { a: 1, b: 2, '3': 4 }],
    ['#my.app.Record{:x 1}', { x: 1 }],
    ['(1 [2] #{3})', [1, [2], [3]]],
  ])('reads %s', (text, value) => {
    expect(importedValue(text)).toEqual(value);
  });

  it.each([
    ['9007199254740993N', /the integer 9007199254740993N is beyond 2\^53/],
    ['-9007199254740993', /is beyond 2\^53/],
    ['1/3', /the ratio 1\/3 has no exact decimal form/],
    ['0.1M', /the decimal 0.1M has no exact binary form/],
    ['##NaN', /##NaN \(NaN\) has no JSON form/],
    ['##Inf', /infinity/],
    ['1e999', /overflows a double/],
    ['#object[java.lang.Object 0x1 "x"]', /the tagged value #object has no meaning faultline knows/],
    ['{[1 2] 3}', /has a key that is a collection, which a JSON object cannot hold/],
    ['{:a 1 "a" 2}', /has the key "a" twice/],
  ])('refuses %s with its line and column', (text, message) => {
    const err = refusal(`${W0}\n${withValue(text)}`.replace(':process 0}', ':process 1}'));
    expect(err).toMatchObject({ line: 2, column: 35, field: 'value' });
    expect(err.message).toMatch(message);
  });

  it('refuses octal and hexadecimal literals rather than guess', () => {
    expect(refusal(withValue('017')).message).toMatch(/octal literal/);
    expect(refusal(withValue('0x1F')).message).toMatch(/hexadecimal, octal and radix literals are Clojure syntax/);
  });

  it('reads an unrepresentable value in a field it drops, warning that the field was dropped', () => {
    const { history, warnings } = importEdnHistory(
      `{:type :invoke, :f :write, :value 1, :process 0, :exception #object[java.lang.Exception 0x2a "boom"], :big 123456789012345678901N}`,
    );
    expect(history).toHaveLength(1);
    expect(warnings[0]).toMatch(/big, exception/);
  });

  it('keeps a key named __proto__ as a plain field and pollutes no prototype', () => {
    const value = importedValue('{"__proto__" {:polluted true}, :constructor 1}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting past the limit without recursing into it, even a million levels deep', () => {
    const deep = (n: number) => withValue(`${'['.repeat(n)}${']'.repeat(n)}`);
    expect(importedValue('[[[[[[1]]]]]]')).toEqual([[[[[[1]]]]]]);
    expect(() => importEdnHistory(deep(99))).not.toThrow();
    const err = refusal(deep(1_000_000));
    expect(err.message).toMatch(/nests more than 100 levels deep/);
    expect(err).toMatchObject({ line: 1 });
  });
});
