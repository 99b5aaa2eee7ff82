import { readFile } from 'node:fs/promises';
import { HistoryFormatError } from './errors.js';
import type { Op, OpType, ProcessId } from './history.js';

const OP_TYPES: ReadonlySet<string> = new Set<OpType>(['invoke', 'ok', 'fail', 'info']);
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['index', 'time', 'type', 'process', 'f', 'value', 'key', 'node', 'error']);

export interface ReadResult {
  history: Op[];
  /** Problems that were tolerated, such as a final line cut short by a killed harness. */
  warnings: string[];
  /** The 1-based line each operation starts on, by index, for error messages. */
  lines: number[];
}

/**
 * Values nested deeper than this are refused, not recursed into: no history Jepsen or
 * faultline writes comes near it (a transaction under an independent key is 5 levels), and
 * every later stage (checkers, reports) may then walk values recursively without a stack
 * overflow.
 */
export const MAX_NESTING = 100;

export interface ReadOptions {
  /** Shown in error messages. */
  file?: string;
}

/**
 * Parses and validates a JSONL history. Validation is hand-written rather than a schema
 * because it runs once per line on million-operation histories and must name the exact
 * line and field that is wrong.
 */
export function parseHistoryJsonl(text: string, options: ReadOptions = {}): ReadResult {
  const warnings: string[] = [];
  const history: Op[] = [];
  const lines: number[] = [];
  const validator = new HistoryValidator(options.file);
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const terminated = end >= 0;
    if (!terminated) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      if (!terminated) {
        // A writer killed mid-line leaves an unterminated fragment; the prefix before it is intact.
        warnings.push(`${options.file ?? 'history'}:${lineNo}: dropped a truncated final line`);
        break;
      }
      throw new HistoryFormatError({ file: options.file, line: lineNo, problem: `is not valid JSON (${(cause as Error).message})` }, { cause });
    }
    if (mayNestDeeply(line)) checkNesting(parsed, options.file, lineNo);
    history.push(validator.accept(parsed, lineNo));
    lines.push(lineNo);
  }
  return { history, warnings, lines };
}

/** Fewer opening brackets than the limit cannot nest past it: most lines skip the walk. */
function mayNestDeeply(line: string): boolean {
  let open = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c === 0x5b || c === 0x7b) && ++open > MAX_NESTING) return true;
  }
  return false;
}

export async function readHistoryJsonl(path: string): Promise<ReadResult> {
  return parseHistoryJsonl(await readFile(path, 'utf8'), { file: path });
}

/** Refuses a value nested deeper than MAX_NESTING, walking with a stack of its own (never recursion). */
export function checkNesting(value: unknown, file: string | undefined, line: number): void {
  if (typeof value !== 'object' || value === null) return;
  // Each entry: a value, its depth, and the top-level field it lies under (named in the error).
  const stack: [unknown, number, string | undefined][] = [];
  const top = Array.isArray(value)
    ? value.map((v): [unknown, number, undefined] => [v, 1, undefined])
    : Object.keys(value).map((k): [unknown, number, string] => [(value as Record<string, unknown>)[k], 1, k]);
  stack.push(...top);
  while (stack.length > 0) {
    const [v, depth, field] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_NESTING) {
      throw new HistoryFormatError({ file, line, field, problem: `nests more than ${MAX_NESTING} levels deep; values past that limit are refused` });
    }
    if (Array.isArray(v)) for (const e of v) stack.push([e, depth + 1, field]);
    else for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], depth + 1, field]);
  }
}

/**
 * Checks one operation at a time, so that the same rules apply to JSONL files, imported
 * EDN and histories built in memory.
 */
export class HistoryValidator {
  private readonly outstanding = new Map<ProcessId, Op>();
  private expectedIndex = 0;
  private lastTime = -Infinity;

  constructor(private readonly file?: string) {}

  accept(raw: unknown, line: number): Op {
    const fail = (field: string | undefined, problem: string): never => {
      throw new HistoryFormatError({ file: this.file, line, field, problem });
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(undefined, 'is not a JSON object');
    const o = raw as Record<string, unknown>;
    for (const name of Object.keys(o)) {
      if (!KNOWN_FIELDS.has(name)) fail(name, 'is not a history field (expected index, time, type, process, f, value, key, node, error)');
    }

    const index = o.index;
    if (!Number.isInteger(index)) fail('index', `must be an integer, got ${show(index)}`);
    if (index !== this.expectedIndex) {
      fail(
        'index',
        (index as number) < this.expectedIndex
          ? `duplicate or out-of-order index ${index} (expected ${this.expectedIndex})`
          : `index ${index} skips ahead (expected ${this.expectedIndex})`,
      );
    }
    const time = o.time;
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) fail('time', `must be a non-negative number of nanoseconds, got ${show(time)}`);
    if ((time as number) < this.lastTime) fail('time', `goes backwards (${time} after ${this.lastTime})`);
    const type = o.type;
    if (typeof type !== 'string' || !OP_TYPES.has(type)) fail('type', `must be one of invoke, ok, fail, info; got ${show(type)}`);
    const process = o.process;
    if (!(process === 'nemesis' || (Number.isInteger(process) && (process as number) >= 0))) {
      fail('process', `must be a non-negative integer or "nemesis", got ${show(process)}`);
    }
    const f = o.f;
    if (typeof f !== 'string' || f === '') fail('f', `must be a non-empty string, got ${show(f)}`);
    if (!('value' in o)) fail('value', 'is missing (use null for none)');
    const key = o.key;
    if (key !== undefined && typeof key !== 'string' && typeof key !== 'number') fail('key', `must be a string or number, got ${show(key)}`);
    if (o.node !== undefined && typeof o.node !== 'string') fail('node', `must be a string, got ${show(o.node)}`);
    if (o.error !== undefined && typeof o.error !== 'string') fail('error', `must be a string, got ${show(o.error)}`);

    const op = o as unknown as Op;
    this.checkPairing(op, fail);
    this.expectedIndex++;
    this.lastTime = op.time;
    return op;
  }

  /** Invocations still waiting for completion; they count as `info`. */
  get openInvocations(): Op[] {
    return [...this.outstanding.values()];
  }

  private checkPairing(op: Op, fail: (field: string | undefined, problem: string) => never): void {
    const pending = this.outstanding.get(op.process);
    if (op.type === 'invoke') {
      if (pending) fail('type', `process ${op.process} invokes again while its operation at index ${pending.index} is still outstanding`);
      this.outstanding.set(op.process, op);
      return;
    }
    if (!pending) {
      // The nemesis may log standalone info events; clients may not complete what they never invoked.
      if (op.process === 'nemesis') return;
      fail('type', `${op.type} for process ${op.process} has no matching invoke`);
      return;
    }
    if (pending.f !== op.f) fail('f', `completion "${op.f}" does not match the invoke "${pending.f}" at index ${pending.index}`);
    this.outstanding.delete(op.process);
  }
}

/** Validates operations built in memory (a user's, a test's) by the same rules as a file. */
export function validateHistory(ops: readonly unknown[], file?: string): Op[] {
  const validator = new HistoryValidator(file);
  return ops.map((raw, i) => validator.accept(raw, i + 1));
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
