import { HistoryFormatError } from './errors.js';
import { MAX_NESTING } from './history-reader.js';

// A reader for the EDN that Jepsen and Knossos write (clojure.core/prn, pprint): any layout
// (several forms on a line, one form across lines), every position known, nesting bounded,
// and nothing silently changed. Written by hand because no EDN library for JavaScript
// reports where a form starts, bounds nesting, or tells an exact value from a rounded one.
//
// Values become JSON-like data: nil → null, keywords and symbols → their name without the
// colon ("nemesis", "foo/bar"), strings and characters → strings, vectors, lists and sets →
// arrays, maps → objects, #inst and #uuid → their text, records (#jepsen.history.Op{...}) →
// their map. What has no exact JSON form (an integer beyond 2^53, a ratio such as 1/3, a
// BigDecimal with a fraction, ##NaN, an unknown tag, a map keyed by a vector) is read as an
// Unrepresentable marker carrying its position: the importer refuses it, with that position,
// only if it lies in a field that is kept.

export class Unrepresentable {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly why: string,
  ) {}
}

export interface Position {
  line: number;
  column: number;
}

export interface EdnForm extends Position {
  value: unknown;
}

export interface EdnDocument {
  /** The top-level forms in order, each with where it starts. */
  forms: EdnForm[];
  /** Where each map and vector of the top two levels starts (the operations and a wrapping vector's elements). */
  positions: WeakMap<object, Position>;
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '#{': '}' };
const NAMED_CHARS: Readonly<Record<string, string>> = { newline: '\n', space: ' ', tab: '\t', return: '\r', formfeed: '\f', backspace: '\b' };
const STRING_ESCAPES: Readonly<Record<string, string>> = { t: '\t', r: '\r', n: '\n', '\\': '\\', '"': '"', b: '\b', f: '\f' };

interface Frame {
  open: string;
  items: unknown[];
  line: number;
  column: number;
  /**
   * Prefixes waiting for the next form, innermost last: a tag (#inst, #jepsen.history.Op) to
   * apply to it, or a #_ (no tag) that drops it.
   */
  pending: { tag?: string; line: number; column: number }[];
}

/** Parses a whole EDN document; a syntax error names the file, line and column. */
export function readEdn(text: string, file?: string): EdnDocument {
  return new Reader(text, file).read();
}

class Reader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private readonly positions = new WeakMap<object, Position>();
  private readonly stack: Frame[] = [];
  private readonly top: Frame = { open: '', items: [], line: 1, column: 1, pending: [] };
  private readonly topPositions: Position[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {}

  read(): EdnDocument {
    const s = this.text;
    while (true) {
      this.skipSpace();
      if (this.i >= s.length) break;
      const line = this.line;
      const column = this.i - this.lineStart + 1;
      const c = s[this.i];
      if (c === '(' || c === '[' || c === '{') {
        this.i++;
        this.push(c, line, column);
      } else if (c === ')' || c === ']' || c === '}') {
        this.i++;
        this.close(c, line, column);
      } else if (c === '"') {
        this.emit(this.readString(line, column), line, column);
      } else if (c === '\\') {
        this.emit(this.readChar(line, column), line, column);
      } else if (c === '#') {
        this.readDispatch(line, column);
      } else if (c === '^' || c === "'" || c === '`' || c === '~' || c === '@') {
        this.fail(line, column, `"${c}" is Clojure syntax, not EDN`);
      } else {
        this.emit(this.readAtom(line, column), line, column);
      }
    }
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.fail(open.line, open.column, `the ${describeOpen(open.open)} begun here is never closed: the file ends inside it`);
    }
    this.checkNothingPending(this.top);
    const forms = this.top.items.map((value, k) => ({ value, ...this.topPositions[k] }));
    return { forms, positions: this.positions };
  }

  private frame(): Frame {
    return this.stack.length ? this.stack[this.stack.length - 1] : this.top;
  }

  private push(open: string, line: number, column: number): void {
    if (this.stack.length >= MAX_NESTING + 1) this.fail(line, column, `nests more than ${MAX_NESTING} levels deep; values past that limit are refused`);
    this.stack.push({ open, items: [], line, column, pending: [] });
  }

  private close(closer: string, line: number, column: number): void {
    const frame = this.stack.pop();
    if (!frame) this.fail(line, column, `"${closer}" closes nothing (trailing characters after the last complete form?)`);
    if (CLOSERS[frame.open] !== closer) {
      this.fail(line, column, `"${closer}" does not close the ${describeOpen(frame.open)} begun at line ${frame.line}, column ${frame.column}`);
    }
    this.checkNothingPending(frame);
    let value: unknown;
    if (frame.open === '{') value = this.buildMap(frame);
    else value = frame.items;
    if (this.stack.length < 2 && typeof value === 'object' && value !== null && !(value instanceof Unrepresentable)) {
      this.positions.set(value as object, { line: frame.line, column: frame.column });
    }
    this.emit(value, frame.line, frame.column);
  }

  /** Adds a finished form to the enclosing collection, after any #_ and tags waiting for it. */
  private emit(value: unknown, line: number, column: number): void {
    const frame = this.frame();
    const prefix = frame.pending.pop();
    if (prefix?.tag !== undefined) {
      // A tagged form is itself one form: it may meet an outer tag or #_ in turn.
      this.emit(applyTag(prefix.tag, value, prefix.line, prefix.column), prefix.line, prefix.column);
      return;
    }
    if (prefix) return; // #_ drops the form
    frame.items.push(value);
    if (frame === this.top) this.topPositions.push({ line, column });
  }

  private buildMap(frame: Frame): unknown {
    const items = frame.items;
    if (items.length % 2 !== 0) this.fail(frame.line, frame.column, `the map begun here has ${items.length} forms, not key-value pairs`);
    const out: Record<string, unknown> = {};
    for (let k = 0; k < items.length; k += 2) {
      const key = mapKey(items[k]);
      if (key === undefined)
        return new Unrepresentable(frame.line, frame.column, `the map begun here has a key ${describeValue(items[k])}, which a JSON object cannot hold`);
      if (Object.hasOwn(out, key))
        return new Unrepresentable(frame.line, frame.column, `the map begun here has the key ${JSON.stringify(key)} twice (or two keys that both read as it)`);
      // defineProperty, not assignment: a key "__proto__" must be an ordinary field, never the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: items[k + 1], enumerable: true, writable: true, configurable: true });
      else out[key] = items[k + 1];
    }
    return out;
  }

  private readDispatch(line: number, column: number): void {
    const s = this.text;
    const next = s[this.i + 1];
    if (next === '{') {
      this.i += 2;
      this.push('#{', line, column);
      return;
    }
    if (next === '_') {
      this.i += 2;
      this.frame().pending.push({ line, column });
      return;
    }
    if (next === '#') {
      this.i += 2;
      const word = this.readToken();
      const what = { Inf: 'infinity', '-Inf': 'minus infinity', NaN: 'NaN' }[word];
      if (!what) this.fail(line, column, `##${word} is not an EDN symbolic value (##Inf, ##-Inf, ##NaN)`);
      this.emit(new Unrepresentable(line, column, `##${word} (${what}) has no JSON form`), line, column);
      return;
    }
    if (next === undefined || !/[A-Za-z]/.test(next)) {
      this.fail(line, column, `"#${next ?? ''}" is not EDN (regexes, anonymous functions, vars and namespaced maps are Clojure syntax)`);
    }
    this.i++;
    const tag = this.readToken();
    this.frame().pending.push({ tag, line, column });
  }

  private checkNothingPending(frame: Frame): void {
    const p = frame.pending[0];
    if (p) this.fail(p.line, p.column, p.tag === undefined ? '#_ has no form after it to discard' : `the tag #${p.tag} has no form after it`);
  }

  private readString(line: number, column: number): string {
    const s = this.text;
    let out = '';
    let start = ++this.i;
    while (true) {
      if (this.i >= s.length) this.fail(line, column, 'the string begun here is never closed');
      const c = s[this.i];
      if (c === '"') {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c === '\n') {
        this.line++;
        this.lineStart = this.i + 1;
      }
      if (c === '\\') {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        if (e === 'u') {
          const hex = s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(this.line, this.i - this.lineStart + 1, `"\\u${hex}" is not a unicode escape`);
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
        } else if (e !== undefined && STRING_ESCAPES[e] !== undefined) {
          out += STRING_ESCAPES[e];
          this.i += 2;
        } else {
          this.fail(this.line, this.i - this.lineStart + 1, `"\\${e ?? ''}" is not a string escape`);
        }
        start = this.i;
        continue;
      }
      this.i++;
    }
  }

  private readChar(line: number, column: number): string {
    this.i++;
    // A character is one code point, or a name; the first character counts even if it is a delimiter.
    const first = this.text.codePointAt(this.i);
    if (first === undefined) this.fail(line, column, 'a "\\" at the end of the file');
    const firstChar = String.fromCodePoint(first);
    this.i += firstChar.length;
    const rest = this.readToken();
    if (rest === '') return firstChar;
    const name = firstChar + rest;
    if (Object.hasOwn(NAMED_CHARS, name)) return NAMED_CHARS[name];
    if (/^u[0-9a-fA-F]{4}$/.test(name)) return String.fromCharCode(parseInt(name.slice(1), 16));
    if (/^o[0-7]{1,3}$/.test(name)) return String.fromCharCode(parseInt(name.slice(1), 8));
    return this.fail(line, column, `"\\${name}" is not an EDN character`);
  }

  /** A number, keyword, symbol, nil, true or false. */
  private readAtom(line: number, column: number): unknown {
    const token = this.readToken();
    if (token === '') this.fail(line, column, `unexpected character ${JSON.stringify(this.text[this.i])}`);
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    const c = token[0];
    if (c === ':') {
      if (token.length === 1 || token[1] === ':') this.fail(line, column, `"${token}" is not an EDN keyword`);
      return token.slice(1);
    }
    if ((c >= '0' && c <= '9') || ((c === '+' || c === '-') && token[1] >= '0' && token[1] <= '9'))
      return readNumber(token, line, column, (why) => this.fail(line, column, why));
    return token;
  }

  /** Characters up to the next delimiter. */
  private readToken(): string {
    const s = this.text;
    const start = this.i;
    while (this.i < s.length && !isDelimiter(s.charCodeAt(this.i))) this.i++;
    return s.slice(start, this.i);
  }

  private skipSpace(): void {
    const s = this.text;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x0a) {
        this.line++;
        this.lineStart = ++this.i;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x2c || c === 0x0c || c === 0xfeff) {
        this.i++;
      } else if (c === 0x3b) {
        while (this.i < s.length && s.charCodeAt(this.i) !== 0x0a) this.i++;
      } else {
        return;
      }
    }
  }

  private fail(line: number, column: number, problem: string): never {
    throw new HistoryFormatError({ file: this.file, line, column, problem: `${problem} (EDN)` });
  }
}

function isDelimiter(c: number): boolean {
  // whitespace, comma, ( ) [ ] { } " ; and \ (a character literal may follow a symbol directly)
  return (
    c <= 0x20 ||
    c === 0x2c ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x22 ||
    c === 0x3b ||
    c === 0x5c ||
    c === 0xfeff
  );
}

const INTEGER = /^([+-]?)(\d+)(N?)$/;
const DECIMAL = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?(M?)$/;
const RATIO = /^([+-]?)(\d+)\/(\d+)$/;

/** Numbers as Clojure reads them, kept only where a JavaScript number holds them exactly. */
function readNumber(token: string, line: number, column: number, fail: (why: string) => never): unknown {
  let m = INTEGER.exec(token);
  if (m) {
    if (m[2].length > 1 && m[2][0] === '0') return new Unrepresentable(line, column, `"${token}" is an octal literal in Clojure; EDN integers are decimal`);
    const n = BigInt(m[1] + m[2]);
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
      return new Unrepresentable(line, column, `the integer ${token} is beyond 2^53 and would be rounded`);
    }
    return Number(n);
  }
  m = DECIMAL.exec(token);
  if (m) {
    if (m[3] === 'M') {
      // BigDecimal: exact only when it is a whole number a double holds exactly.
      const n = Number(token.slice(0, -1));
      if (Number.isSafeInteger(n) && /^[+-]?\d+(\.0*)?$/.test(token.slice(0, -1))) return n;
      return new Unrepresentable(line, column, `the decimal ${token} has no exact binary form`);
    }
    const n = Number(token);
    if (!Number.isFinite(n)) return new Unrepresentable(line, column, `the number ${token} overflows a double`);
    return n;
  }
  m = RATIO.exec(token);
  if (m) {
    const num = BigInt(m[2]);
    const den = BigInt(m[3]);
    if (den === 0n) fail(`"${token}" divides by zero`);
    if (num % den === 0n) {
      const n = num / den;
      if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(m[1] === '-' ? -n : n);
    }
    return new Unrepresentable(line, column, `the ratio ${token} has no exact decimal form`);
  }
  // Clojure also reads 0x1F, 2r101 and 017; EDN does not, and we will not guess.
  return new Unrepresentable(line, column, `"${token}" is not an EDN number (hexadecimal, octal and radix literals are Clojure syntax)`);
}

/**
 * #inst and #uuid keep their text; a record (#jepsen.history.Op{...}, any #ns.Name{...})
 * is its map; any other tag has no meaning we could keep.
 */
function applyTag(tag: string, value: unknown, line: number, column: number): unknown {
  if (value instanceof Unrepresentable) return value;
  if (tag === 'inst' || tag === 'uuid') {
    if (typeof value !== 'string') return new Unrepresentable(line, column, `#${tag} must tag a string`);
    return value;
  }
  if (tag.includes('.') && typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  return new Unrepresentable(line, column, `the tagged value #${tag} has no meaning faultline knows (records #ns.Name{...}, #inst and #uuid are read)`);
}

/** A map key as a JSON object key: keywords, symbols and strings by name, numbers as decimal text. */
function mapKey(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (typeof key === 'boolean') return String(key);
  return undefined;
}

function describeOpen(open: string): string {
  return { '(': 'list', '[': 'vector', '{': 'map', '#{': 'set' }[open] ?? 'form';
}

function describeValue(v: unknown): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'that is a collection';
  if (v instanceof Unrepresentable) return 'that cannot be read exactly';
  return JSON.stringify(v) ?? String(v);
}
