import { HistoryFormatError } from '../../../core/errors.js';
import { pairIndex, type History, type Key, type Op } from '../../../core/history.js';
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
  /**
   * Written value, or the read result for ok transactions (reads of others are null). A
   * list-append ok read of nil is NIL_LIST, the empty list; an rw-register one stays null,
   * the initial version.
   */
  mopValue: unknown[];
  keys: Key[];
  /** The transaction whose invocation or completion sits at each history position, or -1. */
  txnAt: Int32Array;
  /** Micro-ops by kind, for sizing what is built from them. */
  readCount: number;
  writeCount: number;
  /** Client operations that are not transactions, which the txn checkers skip. */
  skippedOps: number;
  /** Whether some operation carries an op-level `key`, so the history must be split by it. */
  independentKeys: boolean;
}

/**
 * What a committed list-append read of nil saw: the empty list. One shared frozen array, so
 * explanations can still say the history wrote nil.
 */
export const NIL_LIST: readonly unknown[] = Object.freeze([]);

const WRITE_NAME: Record<WorkloadKind, 'append' | 'w'> = { 'list-append': 'append', 'rw-register': 'w' };

/**
 * Validates and flattens the transactions of a history. Throws HistoryFormatError naming
 * the history line (index + 1) and the micro-op at fault.
 */
export function encodeTxns(history: History, workload: WorkloadKind): TxnTable {
  // One pass pairs invocations with completions, sizes the arrays and notices op-level keys.
  const pairs = new Int32Array(history.length).fill(-1);
  let open = new Int32Array(64).fill(-1);
  let count = 0;
  let mops = 0;
  let skippedOps = 0;
  let independentKeys = false;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    const p = op.process;
    if (p === 'nemesis') continue;
    if (op.key !== undefined) independentKeys = true;
    if (p >= open.length) {
      if (p > 1 << 24) return encodeTxnsWith(history, workload, pairIndex(history));
      const grown = new Int32Array(Math.max(p + 1, open.length * 2)).fill(-1);
      grown.set(open);
      open = grown;
    }
    if (op.type !== 'invoke') {
      const inv = open[p];
      if (inv < 0) continue;
      open[p] = -1;
      pairs[inv] = i;
      pairs[i] = inv;
      continue;
    }
    open[p] = i;
    if (op.f !== 'txn') {
      skippedOps++;
      continue;
    }
    if (!Array.isArray(op.value)) fail(op, `a transaction's value must be a list of micro-ops, got ${show(op.value)}`);
    count++;
    mops += (op.value as unknown[]).length;
  }
  return fillTable(history, workload, pairs, { count, mops, skippedOps, independentKeys });
}

/** The slow path for process ids too large to index an array by. */
function encodeTxnsWith(history: History, workload: WorkloadKind, pairs: Int32Array): TxnTable {
  let count = 0;
  let mops = 0;
  let skippedOps = 0;
  let independentKeys = false;
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.key !== undefined) independentKeys = true;
    if (op.type !== 'invoke') continue;
    if (op.f !== 'txn') {
      skippedOps++;
      continue;
    }
    if (!Array.isArray(op.value)) fail(op, `a transaction's value must be a list of micro-ops, got ${show(op.value)}`);
    count++;
    mops += (op.value as unknown[]).length;
  }
  return fillTable(history, workload, pairs, { count, mops, skippedOps, independentKeys });
}

function fillTable(
  history: History,
  workload: WorkloadKind,
  pairs: Int32Array,
  { count, mops, skippedOps, independentKeys }: { count: number; mops: number; skippedOps: number; independentKeys: boolean },
): TxnTable {
  const invokePos = new Int32Array(count);
  const completePos = new Int32Array(count);
  const statuses = new Uint8Array(count);
  const processes = new Int32Array(count);
  const mopStart = new Int32Array(count + 1);
  const mopTxn = new Int32Array(mops);
  const mopKind = new Uint8Array(mops);
  const mopKey = new Int32Array(mops);
  const mopValue = new Array<unknown>(mops).fill(null);
  const txnAt = new Int32Array(history.length).fill(-1);
  const keys = new KeyInterner();
  const writeName = WRITE_NAME[workload];
  const writeKind = writeName === 'w' ? MOP_WRITE : MOP_APPEND;
  let t = 0;
  let m = 0;
  let readCount = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.type !== 'invoke' || op.f !== 'txn' || op.process === 'nemesis') continue;
    const j = pairs[i];
    const completion = j >= 0 ? history[j] : undefined;
    const status = completion === undefined || completion.type === 'info' ? INFO : completion.type === 'ok' ? OK : FAIL;
    invokePos[t] = i;
    completePos[t] = j;
    statuses[t] = status;
    processes[t] = op.process;
    mopStart[t] = m;
    txnAt[i] = t;
    if (j >= 0) txnAt[j] = t;
    const invoked = op.value as unknown[];
    let recorded = invoked;
    const where = status === OK ? (completion as Op) : op;
    if (status === OK) {
      const done = (completion as Op).value;
      if (!Array.isArray(done) || done.length !== invoked.length) {
        fail(where, `the completion must list the same ${invoked.length} micro-ops as its invocation at index ${op.index}, got ${show(done)}`);
      }
      recorded = done as unknown[];
    }
    for (let k = 0; k < invoked.length; k++, m++) {
      const mop = recorded[k] as unknown[];
      if (!Array.isArray(mop) || mop.length !== 3) fail(where, `micro-op ${k} must be [f, key, value], got ${show(mop)}`);
      const f = mop[0];
      const key = mop[1];
      const value = mop[2];
      if (typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) {
        fail(where, `micro-op ${k} has key ${show(key)}; keys must be strings or finite numbers`);
      }
      mopTxn[m] = t;
      mopKey[m] = keys.id(key as Key);
      if (f === 'r') {
        readCount++;
        mopKind[m] = MOP_READ;
        // In a committed transaction nil is what the read saw: a key never appended to (Elle,
        // and Jepsen's clients, which read an absent key as nil). For a register it stays null:
        // the initial version. Elsewhere nil means the result is unknown.
        if (status === OK && value !== null && value !== undefined) mopValue[m] = checkRead(where, k, value, workload);
        else if (status === OK && workload === 'list-append') mopValue[m] = NIL_LIST;
      } else if (f === writeName) {
        mopKind[m] = writeKind;
        mopValue[m] = checkWritten(where, k, value, writeName);
      } else {
        fail(where, `micro-op ${k} ${show(mop)} is not a ${workload} micro-op (expected "r" or "${writeName}")`);
      }
    }
    t++;
  }
  mopStart[count] = m;
  return {
    workload,
    history,
    count,
    invokePos,
    completePos,
    status: statuses,
    process: processes,
    mopStart,
    mopTxn,
    mopKind,
    mopKey,
    mopValue,
    keys: keys.keys,
    txnAt,
    readCount,
    writeCount: m - readCount,
    skippedOps,
    independentKeys,
  };
}

function checkRead(op: Op, k: number, value: unknown, workload: WorkloadKind): unknown {
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
