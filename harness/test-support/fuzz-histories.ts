import { runCheckers } from '../check.js';
import { exportEdnHistory, importEdnHistory } from '../../core/edn.js';
import { HistoryFormatError } from '../../core/errors.js';
import { parseHistoryJsonl } from '../../core/history-reader.js';
import type { Op } from '../../core/history.js';
import { Rng } from '../../core/rng.js';

// Mutated histories for the no-crash property test and the fuzz benchmark. Each starts as a
// real-shaped history of one workload (concurrent processes, ok/fail/info, retired
// processes, nemesis events, independent keys), is mutated at the operation level (fields,
// types, nesting, Object.prototype names) and at the text level (truncation, duplicated and
// reordered lines, garbage, EDN tokens), and is written as JSONL or EDN. Everything follows
// from one seed, so a failing case replays.

export type WorkloadKind =
  | 'cas-register'
  | 'kv'
  | 'set'
  | 'fifo-queue'
  | 'mutex'
  | 'counter'
  | 'bank'
  | 'lost-update'
  | 'unique-ids'
  | 'lock'
  | 'list-append'
  | 'rw-register';

/** Which workloads each checker is fed, with the options that fit them. */
export const CHECKER_WORKLOADS: Readonly<Record<string, readonly { kind: WorkloadKind; options: Record<string, unknown> }[]>> = {
  linearizable: [
    { kind: 'cas-register', options: { model: 'cas-register', timeout: '2s', workers: 0 } },
    { kind: 'kv', options: { model: 'kv', timeout: '2s', workers: 0 } },
    { kind: 'set', options: { model: 'set', timeout: '2s', workers: 0 } },
    { kind: 'fifo-queue', options: { model: 'fifo-queue', timeout: '2s', workers: 0 } },
    { kind: 'mutex', options: { model: 'mutex', timeout: '2s', workers: 0 } },
  ],
  'list-append': [{ kind: 'list-append', options: { cycleSearchTimeoutMs: 500 } }],
  'rw-register': [{ kind: 'rw-register', options: { cycleSearchTimeoutMs: 500 } }],
  'set-full': [{ kind: 'set', options: {} }],
  counter: [{ kind: 'counter', options: {} }],
  bank: [{ kind: 'bank', options: {} }],
  'lost-update': [{ kind: 'lost-update', options: {} }],
  'unique-ids': [{ kind: 'unique-ids', options: {} }],
  lock: [{ kind: 'lock', options: {} }],
  stats: [
    { kind: 'cas-register', options: {} },
    { kind: 'list-append', options: {} },
    { kind: 'bank', options: {} },
  ],
};

export interface FuzzCase {
  checker: string;
  kind: WorkloadKind;
  options: Record<string, unknown>;
  format: 'jsonl' | 'edn';
  text: string;
  /** What was done to the history, for a failure message. */
  mutations: string[];
}

export function fuzzCase(checker: string, seed: number): FuzzCase {
  const rng = new Rng(seed);
  const { kind, options } = rng.pick(CHECKER_WORKLOADS[checker]);
  const ops = realShapedHistory(kind, rng);
  const mutations: string[] = [];
  const opMutations = rng.int(0, 3);
  for (let k = 0; k < opMutations && ops.length > 0; k++) mutations.push(mutateOps(ops, rng));
  if (rng.bool()) {
    // Renumber, as a careless converter would, so reordered and duplicated operations reach the checker.
    ops.forEach((op, i) => {
      if (typeof op.index === 'number') op.index = i;
      if (typeof op.time === 'number') op.time = i * 1000;
    });
    mutations.push('renumbered');
  }
  const format = rng.bool(0.3) ? 'edn' : 'jsonl';
  let text = format === 'edn' ? safeEdn(ops) : `${ops.map((op) => JSON.stringify(op)).join('\n')}\n`;
  const textMutations = rng.bool(0.25) ? rng.int(1, 2) : 0;
  for (let k = 0; k < textMutations; k++) {
    const [next, what] = mutateText(text, format, rng);
    text = next;
    mutations.push(what);
  }
  return { checker, kind, options, format, text, mutations };
}

// ---- real-shaped histories ----

type Draft = Record<string, unknown>;

export function realShapedHistory(kind: WorkloadKind, rng: Rng): Draft[] {
  const processes = rng.int(1, 5);
  const steps = rng.int(4, 60);
  const keyed = (kind === 'cas-register' || kind === 'counter' || kind === 'set') && rng.bool(0.3);
  const state = new WorkloadState(kind, rng);
  const out: Draft[] = [];
  const open = new Map<number, Draft>();
  const ids = Array.from({ length: processes }, (_, i) => i);
  let time = rng.int(0, 1000);
  const push = (op: Draft) => {
    time += rng.int(0, 5000);
    out.push({ index: out.length, time, ...op });
  };
  for (let s = 0; s < steps; s++) {
    if (rng.bool(0.06)) {
      push({
        type: 'info',
        process: 'nemesis',
        f: rng.pick(['start-partition', 'stop-partition', 'kill', 'start']),
        value: rng.bool() ? null : { n1: ['n2', 'n3'] },
      });
      continue;
    }
    const slot = rng.int(0, processes - 1);
    const process = ids[slot];
    const pending = open.get(process);
    if (!pending) {
      const [f, value] = state.invoke();
      const op: Draft = { type: 'invoke', process, f, value };
      if (keyed) op.key = `k${rng.int(0, 2)}`;
      push(op);
      open.set(process, op);
      continue;
    }
    open.delete(process);
    const roll = rng.float();
    const type = roll < 0.75 ? 'ok' : roll < 0.88 ? 'fail' : 'info';
    const done: Draft = { type, process, f: pending.f, value: type === 'ok' ? state.complete(pending.f as string, pending.value) : pending.value };
    if (pending.key !== undefined) done.key = pending.key;
    if (type !== 'ok') done.error = rng.pick(['timeout', 'unavailable', 'conn-refused']);
    push(done);
    if (type === 'info') ids[slot] = process + processes;
  }
  return out;
}

class WorkloadState {
  private next = 1;
  private register: number | null = null;
  private readonly added: number[] = [];
  private counter = 0;
  private readonly lists = new Map<string, number[]>();
  private readonly registers = new Map<string, number>();

  constructor(
    private readonly kind: WorkloadKind,
    private readonly rng: Rng,
  ) {}

  invoke(): [string, unknown] {
    const r = this.rng;
    switch (this.kind) {
      case 'cas-register':
        return r.pick([
          ['read', null],
          ['write', r.int(0, 4)],
          ['cas', [r.int(0, 4), r.int(0, 4)]],
        ] as [string, unknown][]);
      case 'kv':
        return r.pick([
          ['read', null],
          ['write', r.int(0, 4)],
          ['append', String(r.int(0, 9))],
          ['cas', [r.int(0, 4), r.int(0, 4)]],
        ] as [string, unknown][]);
      case 'set':
        return r.bool(0.6) ? ['add', this.next++] : ['read', null];
      case 'fifo-queue':
        return r.bool(0.5) ? ['enqueue', this.next++] : ['dequeue', null];
      case 'mutex':
        return [r.bool() ? 'acquire' : 'release', null];
      case 'counter':
        return r.bool(0.6) ? ['add', r.int(1, 3)] : ['read', null];
      case 'bank': {
        const accounts = ['a', 'b', 'c'];
        return r.bool(0.6) ? ['transfer', { from: r.pick(accounts), to: r.pick(accounts), amount: r.int(1, 5) }] : ['read', null];
      }
      case 'lost-update':
        return [r.bool(0.7) ? 'increment' : 'read', null];
      case 'unique-ids':
        return ['generate', null];
      case 'lock':
        return r.pick([
          ['acquire', null],
          ['release', null],
          ['read-resource', null],
          ['write-resource', { value: r.int(0, 9), token: r.bool(0.8) ? r.int(1, 9) : null }],
        ] as [string, unknown][]);
      case 'list-append':
      case 'rw-register': {
        const mops: unknown[] = [];
        for (let k = r.int(1, 4); k > 0; k--) {
          const key = r.pick(['x', 'y', 'z', 1]);
          if (r.bool()) mops.push(['r', key, null]);
          else mops.push([this.kind === 'list-append' ? 'append' : 'w', key, this.next++]);
        }
        return ['txn', mops];
      }
    }
  }

  complete(f: string, invoked: unknown): unknown {
    const r = this.rng;
    switch (this.kind) {
      case 'cas-register':
      case 'kv':
        if (f === 'read') return r.bool(0.9) ? this.register : r.int(0, 4);
        if (f === 'write') this.register = invoked as number;
        if (f === 'cas') this.register = (invoked as number[])[1];
        return invoked;
      case 'set':
        if (f === 'add') {
          this.added.push(invoked as number);
          return invoked;
        }
        return [...this.added];
      case 'fifo-queue':
        return f === 'dequeue' ? (r.bool(0.8) ? (this.added.shift() ?? null) : r.int(0, 9)) : invoked;
      case 'mutex':
        return null;
      case 'counter':
        if (f === 'add') {
          this.counter += invoked as number;
          return invoked;
        }
        return this.counter;
      case 'bank':
        return f === 'transfer' ? invoked : { a: 10, b: 10, c: r.bool(0.9) ? 10 : 9 };
      case 'lost-update':
        if (f === 'increment') return [this.counter, ++this.counter];
        return this.counter;
      case 'unique-ids':
        return r.bool(0.95) ? this.next++ : 1;
      case 'lock':
        if (f === 'acquire') return { token: this.next++, validityMs: r.bool() ? 1000 : null };
        if (f === 'release') return r.bool(0.9);
        if (f === 'read-resource') return r.int(0, 9);
        return invoked;
      case 'list-append':
      case 'rw-register':
        return (invoked as unknown[][]).map(([mf, key, v]) => {
          const k = String(key);
          if (mf === 'append') {
            const list = this.lists.get(k) ?? [];
            list.push(v as number);
            this.lists.set(k, list);
            return [mf, key, v];
          }
          if (mf === 'w') {
            this.registers.set(k, v as number);
            return [mf, key, v];
          }
          return ['r', key, this.kind === 'list-append' ? (this.lists.has(k) ? [...this.lists.get(k)!] : null) : (this.registers.get(k) ?? null)];
        });
    }
  }
}

// ---- mutations ----

const FIELDS = ['index', 'time', 'type', 'process', 'f', 'value', 'key', 'node', 'error', 'extra'];
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

function oddValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => null,
    () => true,
    () => -1,
    () => 0,
    () => 1.5,
    () => 1e308,
    () => 2 ** 60,
    () => '',
    () => 'x',
    () => rng.pick(PROTO_NAMES),
    () => [],
    () => [1],
    () => [null, null, null],
    () => ['r', 'x', [1, 2]],
    () => ({}),
    () => JSON.parse('{"__proto__":{"polluted":true}}'),
    () => ({ from: 'a', to: 'b' }),
    () => nest(rng.int(2, 150)),
    () => 'y'.repeat(rng.int(100, 5000)),
    () => Array.from({ length: rng.int(0, 50) }, () => rng.int(-3, 3)),
  ])();
}

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let d = 0; d < depth; d++) v = d % 2 ? [v] : { v };
  return v;
}

/** Sets a field even when it is named "__proto__": an own property, never the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutateOps(ops: Draft[], rng: Rng): string {
  const i = rng.int(0, ops.length - 1);
  const op = ops[i];
  // Half the mutations change only values and names, which the reader passes on to the checker.
  const choice = rng.bool() ? rng.pick([2, 3, 4, 4, 4, 10]) : rng.int(0, 9);
  switch (choice) {
    case 10: {
      const value = oddValue(rng);
      op.value = value;
      return `op ${i}: value = ${short(value)}`;
    }
    case 0: {
      const field = rng.pick(FIELDS);
      const value = oddValue(rng);
      setOwn(op, field, value);
      return `op ${i}: ${field} = ${short(value)}`;
    }
    case 1: {
      const field = rng.pick(FIELDS);
      delete op[field];
      return `op ${i}: no ${field}`;
    }
    case 2: {
      const f = rng.pick(PROTO_NAMES);
      op.f = f;
      // Keep the pair consistent half of the time, so the checkers, not the reader, see the name.
      if (rng.bool()) for (const other of ops) if (other.process === op.process && other !== op) other.f = f;
      return `op ${i}: f = ${f}`;
    }
    case 3: {
      const depth = rng.int(50, 300);
      op.value = nest(depth);
      return `op ${i}: value nested ${depth} deep`;
    }
    case 4: {
      const path = replaceInside(op, 'value', oddValue(rng), rng);
      return `op ${i}: value${path} replaced`;
    }
    case 5:
      ops.splice(rng.int(0, ops.length), 0, { ...op });
      return `op ${i} duplicated`;
    case 6: {
      const j = rng.int(0, ops.length - 1);
      [ops[i], ops[j]] = [ops[j], ops[i]];
      return `ops ${i} and ${j} swapped`;
    }
    case 7:
      ops.splice(i, 1);
      return `op ${i} removed`;
    default: {
      const field = rng.pick(['index', 'time', 'process']);
      const value = rng.pick<unknown>([String(op[field]), -1, 1.5, Number.MAX_SAFE_INTEGER + 2, null]);
      setOwn(op, field, value);
      return `op ${i}: ${field} retyped to ${short(value)}`;
    }
  }
}

/** Replaces a random element somewhere inside a value; answers the path it took. */
function replaceInside(holder: Record<string, unknown> | unknown[], key: string | number, replacement: unknown, rng: Rng): string {
  const here = (holder as Record<string | number, unknown>)[key];
  if (Array.isArray(here) && here.length > 0 && rng.bool(0.7)) {
    const k = rng.int(0, here.length - 1);
    return `[${k}]${replaceInside(here, k, replacement, rng)}`;
  }
  if (typeof here === 'object' && here !== null && !Array.isArray(here) && Object.keys(here).length > 0 && rng.bool(0.7)) {
    const k = rng.pick(Object.keys(here));
    return `.${k}${replaceInside(here as Record<string, unknown>, k, replacement, rng)}`;
  }
  if (Array.isArray(holder)) holder[key as number] = replacement;
  else setOwn(holder, key as string, replacement);
  return '';
}

const EDN_TOKENS = [
  '1N',
  '9007199254740993N',
  '1/3',
  '0.1M',
  '##NaN',
  '#inst "2024-01-01"',
  '#uuid "x"',
  '#{1 2}',
  '#foo.Bar{:a 1}',
  '#object[x 0x1 "y"]',
  '#_',
  '\\newline',
  '"',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  '^',
  "'",
  '#"re"',
  ';',
  '017',
  '0x1F',
  '{:a 1 :a 2}',
  '{[1] 2}',
  'nil',
  ':nemesis',
];
const JSON_TOKENS = ['{', '}', '[', ']', '"', ',', ':', 'null', '"__proto__"', '1e999', '-', '\u0000', '\ud800'];

function mutateText(text: string, format: 'jsonl' | 'edn', rng: Rng): [string, string] {
  const lines = text.split('\n');
  switch (rng.int(0, 4)) {
    case 0: {
      const at = rng.int(0, text.length);
      return [text.slice(0, at), `truncated at ${at}`];
    }
    case 1: {
      const at = rng.int(0, text.length);
      const token = rng.pick(format === 'edn' ? EDN_TOKENS : JSON_TOKENS);
      return [text.slice(0, at) + token + text.slice(at), `inserted ${JSON.stringify(token)} at ${at}`];
    }
    case 2: {
      const i = rng.int(0, Math.max(0, lines.length - 1));
      lines.splice(i, 0, lines[i] ?? '');
      return [lines.join('\n'), `line ${i + 1} duplicated`];
    }
    case 3: {
      const i = rng.int(0, Math.max(0, lines.length - 1));
      const j = rng.int(0, Math.max(0, lines.length - 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return [lines.join('\n'), `lines ${i + 1} and ${j + 1} swapped`];
    }
    default: {
      const joined = format === 'edn' ? `[${text}]\n${rng.bool() ? 'trailing' : ''}` : lines.join(rng.bool() ? '\r\n' : '\n\n');
      return [joined, format === 'edn' ? 'wrapped in [...]' : 'line endings changed'];
    }
  }
}

/** EDN of a mutated history; a value the EDN writer cannot print is written as JSON text instead. */
function safeEdn(ops: Draft[]): string {
  try {
    return exportEdnHistory(ops as unknown as Op[]);
  } catch {
    return ops.map((op) => JSON.stringify(op)).join('\n');
  }
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// ---- classification ----

export type Outcome =
  | { kind: 'verdict'; valid: true | false | 'unknown'; ms: number }
  | { kind: 'refused'; by: 'reader' | 'shape' | 'checker'; error: HistoryFormatError; ms: number }
  | { kind: 'crash'; error: unknown; ms: number };

/**
 * Reads the text and runs the checker as `faultline check` does. A refusal must be a
 * HistoryFormatError naming a line and a field or column (or a whole-line problem); anything
 * else thrown, a checker that crashed, or a polluted Object.prototype is a crash.
 */
export async function runFuzzCase(c: FuzzCase, file = `fuzz.${c.format}`): Promise<Outcome> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  let stage: 'reader' | 'checker' = 'reader';
  try {
    const { history, lines } = c.format === 'edn' ? importEdnHistory(c.text, { file }) : parseHistoryJsonl(c.text, { file });
    stage = 'checker';
    const result = await runCheckers(history, [{ checker: c.checker, options: c.options }], { source: { file, lines }, badInput: 'throw' });
    const verdict = result.checkers[c.checker];
    if (verdict.valid === 'unknown' && verdict.reason.startsWith('checker crashed')) return { kind: 'crash', error: new Error(verdict.reason), ms: ms() };
    if (polluted()) return { kind: 'crash', error: new Error('Object.prototype was polluted'), ms: ms() };
    return { kind: 'verdict', valid: result.valid, ms: ms() };
  } catch (error) {
    if (polluted()) return { kind: 'crash', error: new Error('Object.prototype was polluted'), ms: ms() };
    if (error instanceof HistoryFormatError && error.file === file && error.line >= 1 && names(error)) {
      // A refusal from inside the checker means its declared shape let a malformed operation through.
      const by = stage === 'reader' ? 'reader' : error.problem.endsWith(`(the ${c.checker} checker)`) ? 'shape' : 'checker';
      return { kind: 'refused', by, error, ms: ms() };
    }
    return { kind: 'crash', error, ms: ms() };
  }
}

/** A refusal names a field or a column, or is about the line as a whole. */
function names(error: HistoryFormatError): boolean {
  return error.field !== undefined || error.column !== undefined || /is not valid JSON|is not a JSON object|is not an operation/.test(error.problem);
}

function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || Object.keys(Object.prototype).length > 0;
}
