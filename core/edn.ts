import { toEDNString, toKeyword, type EDNVal } from 'edn-data';
import { readEdn, Unrepresentable, type EdnForm } from './edn-reader.js';
import { HistoryFormatError } from './errors.js';
import { HistoryValidator } from './history-reader.js';
import type { Op } from './history.js';

// Jepsen's and Knossos's history.edn in and out. Every layout they write is read: one
// operation per line (jepsen.store's prn), several per line, one across several lines
// (pprint), the whole history wrapped in [...] or (...) (Knossos's data files), operations as
// maps, as #jepsen.history.Op{...} records or as Knossos's [process type f value] tuples.
// Keywords become strings (":nemesis" → "nemesis"), sets become arrays, and Jepsen's
// independent [k v] tuples become `key` + `value` (docs/history.md has the whole mapping).

const OP_FIELDS = new Set(['index', 'time', 'type', 'process', 'f', 'value', 'node', 'error']);
const OP_TYPES = new Set(['invoke', 'ok', 'fail', 'info']);
const MICRO_OP_FUNCTIONS = new Set(['r', 'w', 'append']);

export interface EdnImportOptions {
  file?: string;
  /** Treat every value as an independent [key value] tuple; 'auto' decides from the history. */
  independent?: boolean | 'auto';
}

export interface EdnImport {
  history: Op[];
  warnings: string[];
  /** The 1-based line each operation starts on, by index. */
  lines: number[];
}

export function importEdnHistory(text: string, options: EdnImportOptions = {}): EdnImport {
  const file = options.file;
  const entries = operationForms(text, file);
  const maps = entries.map((entry) => operationMap(entry, file));
  const independent = options.independent === true || ((options.independent ?? 'auto') === 'auto' && looksIndependent(maps));
  const warnings: string[] = [];
  const dropped = new Set<string>();
  let renumbered = false;
  const validator = new HistoryValidator(file);
  const history = maps.map((m, i) => {
    const entry = entries[i];
    for (const k of Object.keys(m)) if (!OP_FIELDS.has(k)) dropped.add(k);
    if (m.index !== undefined && m.index !== i) renumbered = true;
    const kept = (field: string) => exact(m[field], field, file);
    const time = kept('time');
    const value = kept('value');
    const op: Record<string, unknown> = {
      index: i,
      time: time === undefined ? i : time,
      type: kept('type'),
      process: kept('process'),
      f: kept('f'),
      value: value ?? null,
    };
    if (independent && op.process !== 'nemesis' && Array.isArray(value) && value.length === 2) {
      op.key = value[0] as Op['key'];
      op.value = value[1] ?? null;
    }
    const node = kept('node');
    if (node !== undefined && node !== null) op.node = typeof node === 'string' ? node : JSON.stringify(node);
    const error = kept('error');
    if (error !== undefined && error !== null) op.error = typeof error === 'string' ? error : JSON.stringify(error);
    return validator.accept(op, entry.line);
  });
  if (dropped.size) warnings.push(`ignored Jepsen fields not in faultline's history format: ${[...dropped].sort().join(', ')}`);
  if (renumbered) warnings.push("the file's :index values do not count the operations in order from 0; faultline numbers them by position");
  return { history, warnings, lines: entries.map((e) => e.line) };
}

/**
 * The forms that are operations: every top-level form, or the elements of a single
 * top-level vector or list that wraps the whole history. Anything after that vector is
 * trailing garbage, refused with its position.
 */
function operationForms(text: string, file: string | undefined): EdnForm[] {
  const { forms, positions } = readEdn(text, file);
  const first = forms[0];
  if (!first || !wrapsHistory(first.value)) return forms;
  if (forms.length > 1) {
    const extra = forms[1];
    throw new HistoryFormatError({
      file,
      line: extra.line,
      column: extra.column,
      problem: `unexpected form after the history vector that begins at line ${first.line}, column ${first.column} (trailing garbage?)`,
    });
  }
  return (first.value as unknown[]).map((value) => ({ value, ...(positions.get(value as object) ?? { line: first.line, column: first.column }) }));
}

/** A vector of operations, as opposed to one Knossos tuple operation [process type f value]. */
function wrapsHistory(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  if (value.length === 0) return true;
  const head: unknown = value[0];
  return typeof head === 'object' && head !== null;
}

function operationMap(entry: EdnForm, file: string | undefined): Record<string, unknown> {
  const v = entry.value;
  if (v instanceof Unrepresentable) throw unrepresentable(v, file);
  if (Array.isArray(v) && v.length === 4 && typeof v[1] === 'string' && OP_TYPES.has(v[1])) {
    // Knossos's older layout: [process type f value].
    return { process: v[0], type: v[1], f: v[2], value: v[3] };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new HistoryFormatError({
      file,
      line: entry.line,
      column: entry.column,
      problem: `is not an operation: expected a map such as {:type :invoke, :f :read, :process 0, :value nil}, got ${describe(v)}`,
    });
  }
  return v as Record<string, unknown>;
}

/** A kept field's value, refused with its position if some part of it could not be read exactly. */
function exact(value: unknown, field: string, file: string | undefined): unknown {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof Unrepresentable) throw unrepresentable(v, file, field);
    // A loop, not push(...v): a read of a million elements must not overflow the argument list.
    if (Array.isArray(v)) for (const e of v) stack.push(e);
    else if (typeof v === 'object' && v !== null) for (const e of Object.values(v)) stack.push(e);
  }
  return value;
}

function unrepresentable(u: Unrepresentable, file: string | undefined, field?: string): HistoryFormatError {
  return new HistoryFormatError({ file, line: u.line, column: u.column, field, problem: `${u.why}; faultline refuses it rather than change it` });
}

function describe(v: unknown): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return `a ${v.length}-element vector`;
  return JSON.stringify(v) ?? String(v);
}

/** Jepsen's independent histories carry a [k v] tuple in every client operation's value. */
function looksIndependent(maps: readonly Record<string, unknown>[]): boolean {
  let clientOps = 0;
  for (const m of maps) {
    if (m.process === 'nemesis') continue;
    clientOps++;
    if (!Array.isArray(m.value) || m.value.length !== 2) return false;
    if (m.f === 'txn') return false;
  }
  return clientOps > 0;
}

/** Writes a history as Jepsen's history.edn, so Jepsen's own tools (Knossos, Elle) can cross-check it. */
export function exportEdnHistory(history: readonly Op[]): string {
  let out = '';
  for (const op of history) {
    const value = op.key !== undefined ? [toEdn(op.key), valueToEdn(op.f, op.value)] : valueToEdn(op.f, op.value);
    const entries: [EDNVal, EDNVal][] = [
      [toKeyword('index'), op.index],
      [toKeyword('time'), op.time],
      [toKeyword('type'), toKeyword(op.type)],
      [toKeyword('process'), op.process === 'nemesis' ? toKeyword('nemesis') : op.process],
      [toKeyword('f'), toKeyword(op.f)],
      [toKeyword('value'), value],
    ];
    if (op.node !== undefined) entries.push([toKeyword('node'), op.node]);
    if (op.error !== undefined) entries.push([toKeyword('error'), op.error]);
    out += `${toEDNString({ map: entries })}\n`;
  }
  return out;
}

/** Transaction micro-ops name their function with a keyword in Jepsen: [:append k v]. */
function valueToEdn(f: string, value: unknown): EDNVal {
  if (f === 'txn' && Array.isArray(value)) {
    return value.map((mop) =>
      Array.isArray(mop) && typeof mop[0] === 'string' && MICRO_OP_FUNCTIONS.has(mop[0]) ? [toKeyword(mop[0]), ...mop.slice(1).map(toEdn)] : toEdn(mop),
    );
  }
  return toEdn(value);
}

function toEdn(value: unknown): EDNVal {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toEdn);
  if (typeof value === 'object') {
    return { map: Object.entries(value as Record<string, unknown>).map(([k, v]) => [/^-?\d+$/.test(k) ? Number(k) : k, toEdn(v)]) };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
