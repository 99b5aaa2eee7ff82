import { parseEDNString, toEDNString, toKeyword, type EDNVal } from 'edn-data';
import { HistoryFormatError } from './errors.js';
import { HistoryValidator } from './history-reader.js';
import type { Op } from './history.js';

// Jepsen's history.edn in and out. Keywords become strings (":nemesis" → "nemesis"), sets
// become arrays, and Jepsen's independent [k v] tuples become `key` + `value`.

const EDN_PARSE = { mapAs: 'object', keywordAs: 'string', listAs: 'array', setAs: 'array', charAs: 'string', symbolAs: 'string' } as const;
const OP_FIELDS = new Set(['index', 'time', 'type', 'process', 'f', 'value', 'node', 'error']);
const MICRO_OP_FUNCTIONS = new Set(['r', 'w', 'append']);

export interface EdnImportOptions {
  file?: string;
  /** Treat every value as an independent [key value] tuple; 'auto' decides from the history. */
  independent?: boolean | 'auto';
}

export interface EdnImport {
  history: Op[];
  warnings: string[];
}

export function importEdnHistory(text: string, options: EdnImportOptions = {}): EdnImport {
  const forms = parseForms(text, options.file);
  const maps = forms.length === 1 && Array.isArray(forms[0]) ? (forms[0] as unknown[]) : forms;
  const independent = options.independent === true || ((options.independent ?? 'auto') === 'auto' && looksIndependent(maps));
  const warnings: string[] = [];
  const dropped = new Set<string>();
  const validator = new HistoryValidator(options.file);
  const history = maps.map((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new HistoryFormatError({ file: options.file, line: i + 1, problem: 'is not an EDN map' });
    }
    const m = raw as Record<string, unknown>;
    for (const k of Object.keys(m)) if (!OP_FIELDS.has(k)) dropped.add(k);
    const op: Record<string, unknown> = {
      index: i,
      time: typeof m.time === 'number' ? m.time : i,
      type: m.type,
      process: m.process,
      f: m.f,
      value: m.value ?? null,
    };
    if (independent && m.process !== 'nemesis' && Array.isArray(m.value) && m.value.length === 2) {
      op.key = m.value[0] as Op['key'];
      op.value = m.value[1] ?? null;
    }
    if (m.node !== undefined) op.node = String(m.node);
    if (m.error !== undefined) op.error = typeof m.error === 'string' ? m.error : JSON.stringify(m.error);
    return validator.accept(op, i + 1);
  });
  if (dropped.size) warnings.push(`ignored Jepsen fields not in faultline's history format: ${[...dropped].sort().join(', ')}`);
  return { history, warnings };
}

/**
 * Jepsen writes one op per line; a file holding one vector of ops is accepted too. The EDN
 * parser answers null for an incomplete form rather than throwing, so each line is checked.
 */
function parseForms(text: string, file: string | undefined): unknown[] {
  const bad = (line: number, problem: string, cause?: unknown): never => {
    throw new HistoryFormatError({ file, line, problem }, { cause });
  };
  if (text.trimStart().startsWith('[')) {
    let whole: unknown;
    try {
      whole = parseEDNString(text, EDN_PARSE);
    } catch (cause) {
      bad(1, `is not valid EDN (${(cause as Error).message})`, cause);
    }
    if (!Array.isArray(whole)) bad(text.split('\n').length, 'the EDN vector of operations is not complete');
    return [whole];
  }
  const forms: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith(';')) continue;
    let form: unknown;
    try {
      form = parseEDNString(line, EDN_PARSE);
    } catch (cause) {
      bad(i + 1, `is not valid EDN (${(cause as Error).message})`, cause);
    }
    if (form === null || typeof form !== 'object' || Array.isArray(form)) bad(i + 1, 'is not a complete EDN map of one operation');
    forms.push(form);
  }
  return forms;
}

/** Jepsen's independent histories carry a [k v] tuple in every client operation's value. */
function looksIndependent(maps: unknown[]): boolean {
  let clientOps = 0;
  for (const raw of maps) {
    const m = raw as Record<string, unknown> | null;
    if (!m || typeof m !== 'object' || m.process === 'nemesis') continue;
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
      Array.isArray(mop) && typeof mop[0] === 'string' && MICRO_OP_FUNCTIONS.has(mop[0])
        ? [toKeyword(mop[0]), ...mop.slice(1).map(toEdn)]
        : toEdn(mop),
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
