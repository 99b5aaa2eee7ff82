import { HistoryFormatError } from './errors.js';
import { NEMESIS, pairIndex, type History, type Op, type OpType } from './history.js';

// What operations a checker accepts, declared as data and checked before the checker runs,
// so that a malformed operation is refused with its line and field (exit 254) instead of
// surfacing as a crash deep inside a search. A shape says, per operation name, what its value
// must be at each event type; events it says nothing about may hold anything.

/** A value's shape: `check` answers undefined when the value fits, else where and why not. */
export interface ValueShape {
  /** How a fitting value reads ("a finite number"), for error messages and docs. */
  readonly describe: string;
  check(value: unknown): Misfit | undefined;
}

export interface Misfit {
  /** The path below the checked value, e.g. "[2][1]" or ".amount"; "" for the value itself. */
  path: string;
  problem: string;
}

/** The rules for one operation name (`f`): its value at each event type, and across the pair. */
export interface OpRule {
  invoke?: ValueShape;
  ok?: ValueShape;
  fail?: ValueShape;
  info?: ValueShape;
  /** For an ok completion: a rule tying it to its invocation's value (e.g. the same micro-ops). */
  pair?: (invoked: unknown, completed: unknown) => Misfit | undefined;
}

export interface HistoryShape {
  /** Rules by operation name. */
  readonly ops: Readonly<Record<string, OpRule>>;
  /** Client operations with any other name: skipped by the checker, or refused as not its kind. */
  readonly otherOps: 'ignore' | 'refuse';
  /**
   * Micro-ops [microOp, key, value] of operations named `f` whose value must be unique per key
   * (and per independent `key` field) across the whole history, as Elle needs to tell versions
   * apart. Each transaction counts with what it recorded: its ok completion's micro-ops, else
   * its invocation's.
   */
  readonly uniqueWrites?: { readonly f: string; readonly microOp: string };
}

/** Where each operation sits in its file, so errors name the line an editor shows. */
export interface SourceMap {
  file?: string;
  /** 1-based line of each operation by index; index + 1 when absent (one operation per line). */
  lines?: ArrayLike<number>;
}

export function lineOf(source: SourceMap | undefined, index: number): number {
  const line = source?.lines?.[index];
  return line === undefined ? index + 1 : line;
}

/**
 * Refuses the first client operation that does not fit the shape, naming its line, field and
 * what was expected. Nemesis operations are the harness's, not the checker's, and pass.
 */
export function validateShape(checker: string, shape: HistoryShape, history: History, source?: SourceMap): void {
  const rules = new Map(Object.entries(shape.ops));
  const known = [...rules.keys()];
  let pairs: Int32Array | undefined;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process === NEMESIS) continue;
    const rule = rules.get(op.f);
    if (!rule) {
      if (shape.otherOps === 'refuse') {
        refuse(checker, op, source, 'f', `"${op.f}" is not an operation the ${checker} checker knows (expected ${known.join(', ')})`);
      }
      continue;
    }
    const valueShape = ruleFor(rule, op.type);
    if (valueShape) {
      const misfit = valueShape.check(op.value);
      if (misfit) refuse(checker, op, source, `value${misfit.path}`, `${op.type} ${op.f} ${misfit.problem}`);
    }
    if (rule.pair && op.type === 'ok') {
      pairs ??= pairIndex(history);
      const invoke = pairs[i] >= 0 ? history[pairs[i]] : undefined;
      const misfit = invoke ? rule.pair(invoke.value, op.value) : undefined;
      if (misfit) refuse(checker, op, source, `value${misfit.path}`, `ok ${op.f} ${misfit.problem} (its invoke is at index ${invoke!.index})`);
    }
  }
  if (shape.uniqueWrites) checkUniqueWrites(checker, shape.uniqueWrites, history, (pairs ??= pairIndex(history)), source);
}

function checkUniqueWrites(checker: string, rule: { f: string; microOp: string }, history: History, pairs: Int32Array, source: SourceMap | undefined): void {
  // (independent key, micro-op key, value) → the index of the operation that wrote it first.
  const seen = new Map<unknown, Map<unknown, Map<unknown, number>>>();
  for (let i = 0; i < history.length; i++) {
    const invoke = history[i];
    if (invoke.type !== 'invoke' || invoke.f !== rule.f || invoke.process === NEMESIS) continue;
    const completion = pairs[i] >= 0 ? history[pairs[i]] : undefined;
    const recorded = completion?.type === 'ok' ? completion : invoke;
    if (!Array.isArray(recorded.value)) continue;
    let byKey = seen.get(invoke.key);
    if (!byKey) seen.set(invoke.key, (byKey = new Map()));
    recorded.value.forEach((mop: unknown, m) => {
      if (!Array.isArray(mop) || mop[0] !== rule.microOp) return;
      let values = byKey.get(mop[1]);
      if (!values) byKey.set(mop[1], (values = new Map()));
      const first = values.get(mop[2]);
      if (first !== undefined) {
        refuse(
          checker,
          recorded,
          source,
          `value[${m}][2]`,
          `${recorded.type} ${rule.f} writes ${show(mop[2])} to key ${show(mop[1])} with "${rule.microOp}", as the operation at index ${first} already does; each value may be written to a key once`,
        );
      }
      values.set(mop[2], recorded.index);
    });
  }
}

function ruleFor(rule: OpRule, type: OpType): ValueShape | undefined {
  return rule[type];
}

function refuse(checker: string, op: Op, source: SourceMap | undefined, field: string, problem: string): never {
  throw new HistoryFormatError({
    file: source?.file,
    line: lineOf(source, op.index),
    field,
    problem: `${problem}, at index ${op.index} (the ${checker} checker)`,
  });
}

// The shapes. Each reports the innermost path that does not fit.

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function leaf(describe: string, fits: (v: unknown) => boolean): ValueShape {
  return { describe, check: (v) => (fits(v) ? undefined : { path: '', problem: `must be ${describe}, got ${show(v)}` }) };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const anything: ValueShape = { describe: 'any value', check: () => undefined };
export const nothing = leaf('null', (v) => v === null);
export const finiteNumber = leaf('a finite number', isFiniteNumber);
export const boolean = leaf('true or false', (v) => typeof v === 'boolean');
/** A name or element: a string or a finite number. */
export const atom = leaf('a string or a finite number', (v) => typeof v === 'string' || isFiniteNumber(v));
/** What Elle compares: a string, a finite number or a boolean. */
export const scalar = leaf('a string, a finite number or a boolean', (v) => typeof v === 'string' || isFiniteNumber(v) || typeof v === 'boolean');
export const notNull = leaf('a value (not null)', (v) => v !== null && v !== undefined);

export function nullable(shape: ValueShape): ValueShape {
  const describe = `${shape.describe} or null`;
  return {
    describe,
    check(v) {
      if (v === null) return undefined;
      const misfit = shape.check(v);
      // Not null and not the shape at its top: say both are accepted; deeper misfits speak for themselves.
      return misfit && misfit.path === '' ? { path: '', problem: `must be ${describe}, got ${show(v)}` } : misfit;
    },
  };
}

export function listOf(element: ValueShape): ValueShape {
  const describe = `a list, each element ${element.describe}`;
  return {
    describe,
    check(v) {
      if (!Array.isArray(v)) return { path: '', problem: `must be ${describe}, got ${show(v)}` };
      for (let i = 0; i < v.length; i++) {
        const misfit = element.check(v[i]);
        if (misfit) return { path: `[${i}]${misfit.path}`, problem: misfit.problem };
      }
      return undefined;
    },
  };
}

export function tuple(...elements: ValueShape[]): ValueShape {
  const describe = `[${elements.map((e) => e.describe).join(', ')}]`;
  return {
    describe,
    check(v) {
      if (!Array.isArray(v) || v.length !== elements.length) return { path: '', problem: `must be ${describe}, got ${show(v)}` };
      for (let i = 0; i < elements.length; i++) {
        const misfit = elements[i].check(v[i]);
        if (misfit) return { path: `[${i}]${misfit.path}`, problem: misfit.problem };
      }
      return undefined;
    },
  };
}

/** An object with these fields (others allowed); a field whose shape accepts null may be absent. */
export function record(fields: Readonly<Record<string, ValueShape>>): ValueShape {
  const entries = Object.entries(fields);
  const describe = `{${entries.map(([k, s]) => `${k}: ${s.describe}`).join('; ')}}`;
  return {
    describe,
    check(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return { path: '', problem: `must be ${describe}, got ${show(v)}` };
      for (const [name, shape] of entries) {
        const field = Object.hasOwn(v, name) ? (v as Record<string, unknown>)[name] : null;
        const misfit = shape.check(field);
        if (misfit) return { path: `.${name}${misfit.path}`, problem: misfit.problem };
      }
      return undefined;
    },
  };
}

/** An object mapping names to values of one shape. */
export function mapOf(valueShape: ValueShape): ValueShape {
  const describe = `an object, each field ${valueShape.describe}`;
  return {
    describe,
    check(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return { path: '', problem: `must be ${describe}, got ${show(v)}` };
      for (const [name, field] of Object.entries(v)) {
        const misfit = valueShape.check(field);
        if (misfit) return { path: `.${name}${misfit.path}`, problem: misfit.problem };
      }
      return undefined;
    },
  };
}

/**
 * A list of micro-ops [f, key, value], each f one of `ops` with its value's shape, as in
 * Jepsen's transactional workloads (["append", "x", 1], ["r", "x", [1, 2]]).
 */
export function microOps(ops: Readonly<Record<string, ValueShape>>, keyShape: ValueShape = atom): ValueShape {
  const names = Object.keys(ops);
  const describe = `a list of micro-ops [f, key, value] with f one of ${names.map((n) => `"${n}"`).join(', ')}`;
  const byName = new Map(Object.entries(ops));
  return {
    describe,
    check(v) {
      if (!Array.isArray(v)) return { path: '', problem: `must be ${describe}, got ${show(v)}` };
      for (let i = 0; i < v.length; i++) {
        const mop: unknown = v[i];
        if (!Array.isArray(mop) || mop.length !== 3) return { path: `[${i}]`, problem: `must be a micro-op [f, key, value], got ${show(mop)}` };
        const valueShape = typeof mop[0] === 'string' ? byName.get(mop[0]) : undefined;
        if (!valueShape) return { path: `[${i}][0]`, problem: `must be one of ${names.map((n) => `"${n}"`).join(', ')}, got ${show(mop[0])}` };
        const keyMisfit = keyShape.check(mop[1]);
        if (keyMisfit) return { path: `[${i}][1]`, problem: `(the key) ${keyMisfit.problem}` };
        const misfit = valueShape.check(mop[2]);
        if (misfit) return { path: `[${i}][2]${misfit.path}`, problem: misfit.problem };
      }
      return undefined;
    },
  };
}

/** A pair rule: the ok completion lists as many micro-ops as its invocation, with the same f and key each. */
export function sameMicroOps(invoked: unknown, completed: unknown): Misfit | undefined {
  if (!Array.isArray(invoked) || !Array.isArray(completed)) return undefined;
  if (invoked.length !== completed.length)
    return { path: '', problem: `must list the same ${invoked.length} micro-ops as its invocation, got ${completed.length}` };
  for (let i = 0; i < invoked.length; i++) {
    const a = invoked[i] as unknown[];
    const b = completed[i] as unknown[];
    if (a[0] !== b[0] || a[1] !== b[1])
      return { path: `[${i}]`, problem: `must be the invocation's micro-op ${show([a[0], a[1]])} with its result, got ${show(b)}` };
  }
  return undefined;
}
