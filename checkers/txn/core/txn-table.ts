import { HistoryFormatError } from '../../../harness/errors.js';
import { isClientOp, pairIndex, type History, type Key, type Op } from '../../../harness/history.js';
import { KeyInterner } from './key-interner.js';

// A history of transactions, flattened into typed arrays once so that every later pass
// walks integers: transactions in invocation order, micro-ops in transaction order.

export const OK = 0;
export const INFO = 1;
export const FAIL = 2;

export const MOP_READ = 0;
export const MOP_WRITE = 1;
export const MOP_APPEND = 2;

export type WorkloadKind = 'list-append' | 'rw-register';

export interface TxnTable {
  workload: WorkloadKind;
  history: History;
  count: number;
  /** Positions in the history array (not op.index) of each transaction's invocation and completion (-1 if none). */
  invokePos: Int32Array;
  completePos: Int32Array;
  /** OK, INFO or FAIL. */
  status: Uint8Array;
  process: Int32Array;
  /** Transaction t's micro-ops are mopStart[t] .. mopStart[t + 1]. */
  mopStart: Int32Array;
  mopTxn: Int32Array;
  mopKind: Uint8Array;
  mopKey: Int32Array;
  /** Written value, or the read result for ok transactions (reads of others are null). */
  mopValue: unknown[];
  keys: Key[];
  /** The transaction whose invocation or completion sits at each history position, or -1. */
  txnAt: Int32Array;
  /** Client operations that are not transactions, which the txn checkers skip. */
  skippedOps: number;
}

const WRITE_NAME: Record<WorkloadKind, 'append' | 'w'> = { 'list-append': 'append', 'rw-register': 'w' };

/**
 * Validates and flattens the transactions of a history. Throws HistoryFormatError naming
 * the history line (index + 1) and the micro-op at fault.
 */
export function encodeTxns(history: History, workload: WorkloadKind): TxnTable {
  const pairs = pairIndex(history);
  let count = 0;
  let mops = 0;
  let skippedOps = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.type !== 'invoke' || !isClientOp(op)) continue;
    if (op.f !== 'txn') {
      skippedOps++;
      continue;
    }
    if (!Array.isArray(op.value)) fail(op, `a transaction's value must be a list of micro-ops, got ${show(op.value)}`);
    count++;
    mops += (op.value as unknown[]).length;
  }

  const table: TxnTable = {
    workload,
    history,
    count,
    invokePos: new Int32Array(count),
    completePos: new Int32Array(count),
    status: new Uint8Array(count),
    process: new Int32Array(count),
    mopStart: new Int32Array(count + 1),
    mopTxn: new Int32Array(mops),
    mopKind: new Uint8Array(mops),
    mopKey: new Int32Array(mops),
    mopValue: new Array<unknown>(mops),
    keys: [],
    txnAt: new Int32Array(history.length).fill(-1),
    skippedOps,
  };
  const keys = new KeyInterner();
  const writeName = WRITE_NAME[workload];
  let t = 0;
  let m = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.type !== 'invoke' || op.f !== 'txn' || !isClientOp(op)) continue;
    const j = pairs[i];
    const completion = j >= 0 ? history[j] : undefined;
    const status = completion === undefined || completion.type === 'info' ? INFO : completion.type === 'ok' ? OK : FAIL;
    table.invokePos[t] = i;
    table.completePos[t] = j;
    table.status[t] = status;
    table.process[t] = op.process;
    table.mopStart[t] = m;
    table.txnAt[i] = t;
    if (j >= 0) table.txnAt[j] = t;
    const invoked = op.value as unknown[];
    let recorded = invoked;
    if (status === OK) {
      const done = (completion as Op).value;
      if (!Array.isArray(done) || done.length !== invoked.length) {
        fail(completion as Op, `the completion must list the same ${invoked.length} micro-ops as its invocation at index ${op.index}, got ${show(done)}`);
      }
      recorded = done as unknown[];
    }
    for (let k = 0; k < invoked.length; k++, m++) {
      const mop = recorded[k];
      const where = status === OK ? (completion as Op) : op;
      if (!Array.isArray(mop) || mop.length !== 3) fail(where, `micro-op ${k} must be [f, key, value], got ${show(mop)}`);
      const [f, key, value] = mop as [unknown, unknown, unknown];
      if (typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) {
        fail(where, `micro-op ${k} has key ${show(key)}; keys must be strings or finite numbers`);
      }
      if (recorded !== invoked) {
        const before = invoked[k] as unknown[];
        if (!Array.isArray(before) || before[0] !== f || before[1] !== key) {
          fail(where, `micro-op ${k} ${show(mop)} does not match micro-op ${k} of the invocation at index ${op.index} (${show(before)})`);
        }
      }
      table.mopTxn[m] = t;
      table.mopKey[m] = keys.id(key as Key);
      if (f === 'r') {
        table.mopKind[m] = MOP_READ;
        table.mopValue[m] = status === OK ? checkRead(where, k, value, workload) : null;
      } else if (f === writeName) {
        table.mopKind[m] = writeName === 'w' ? MOP_WRITE : MOP_APPEND;
        table.mopValue[m] = checkWritten(where, k, value, writeName);
      } else {
        fail(where, `micro-op ${k} ${show(mop)} is not a ${workload} micro-op (expected "r" or "${writeName}")`);
      }
    }
    t++;
  }
  table.mopStart[count] = m;
  table.keys = keys.keys;
  return table;
}

function checkRead(op: Op, k: number, value: unknown, workload: WorkloadKind): unknown {
  if (value === null || value === undefined) return null;
  if (workload === 'list-append') {
    if (!Array.isArray(value)) fail(op, `micro-op ${k} reads ${show(value)}; a list-append read must return a list or null`);
    return value;
  }
  if (!isScalar(value)) fail(op, `micro-op ${k} reads ${show(value)}; a register read must return a string, number, boolean or null`);
  return value;
}

function checkWritten(op: Op, k: number, value: unknown, name: string): unknown {
  if (!isScalar(value)) fail(op, `micro-op ${k} ${name}s ${show(value)}; written values must be strings, numbers or booleans`);
  return value;
}

export function isScalar(value: unknown): boolean {
  const t = typeof value;
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(value));
}

function fail(op: Op, problem: string): never {
  throw new HistoryFormatError({ line: op.index + 1, field: 'value', problem: `(index ${op.index}) ${problem}` });
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
