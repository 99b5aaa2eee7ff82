import { ConfigError } from '../../../core/errors.js';
import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation, type ModelOptions } from '../../../core/model.js';
import { canonical, hashCanonical, hashString, mix32, showCanonical, stableJson, type Canonical } from '../values.js';

// Knossos's multi-register: several registers named by key, and one operation, `txn`, whose
// value is a list of micro-ops [f, k, v] (f read or write; Jepsen writes them :read/:write,
// and r/w are accepted too). A transaction is linearizable as one operation: its reads see
// the state left by every transaction before it and by its own earlier writes. The initial
// value is a map from key to value; a key it does not name starts as null. Keys compare by
// their text, so the key 1 of an EDN history and the "1" of a JSON initial map are one register.
//
// A completed read of null saw a register nobody wrote, as in the register models
// (register.ts): an unwritten register reads as its initial value or as null. Knossos
// accepts a nil read in any state; docs/checkers.md says why we do not.
//
// The state holds the written registers only, as parallel arrays sorted by key text, with an
// order-free hash (a sum over registers) that one write updates in constant time.

export interface MultiRegisterState {
  readonly keys: readonly string[];
  readonly values: readonly Canonical[];
  readonly hash: number;
}

export interface MicroOp {
  write: boolean;
  /** The register's key as text (keyText). */
  key: string;
  keyHash: number;
  /** The value written, or the value a completed read saw. */
  value: Canonical;
}

export interface MultiRegisterInput {
  mops: readonly MicroOp[];
  /** For explanations: the transaction as the history gave it. */
  shown: string;
}

const EMPTY: MultiRegisterState = { keys: [], values: [], hash: 0 };
const READS: ReadonlySet<unknown> = new Set(['read', 'r']);
const WRITES: ReadonlySet<unknown> = new Set(['write', 'w']);

function registerHash(keyHash: number, value: Canonical): number {
  return mix32(Math.imul(keyHash, 31) + hashCanonical(value));
}

function indexOf(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function withWrite(state: MultiRegisterState, mop: MicroOp): MultiRegisterState {
  const at = indexOf(state.keys, mop.key);
  const keys = state.keys.slice();
  const values = state.values.slice();
  let hash = state.hash;
  if (keys[at] === mop.key) {
    hash = (hash - registerHash(mop.keyHash, values[at])) | 0;
    values[at] = mop.value;
  } else {
    keys.splice(at, 0, mop.key);
    values.splice(at, 0, mop.value);
  }
  return { keys, values, hash: (hash + registerHash(mop.keyHash, mop.value)) | 0 };
}

function encodeMicroOps(op: ModelOperation): MicroOp[] | null {
  if (op.f !== 'txn') throw new OperationError('f', `"${op.f}" is not an operation of the multi-register model (expected txn)`);
  const invoked = op.value;
  if (!Array.isArray(invoked)) throw new OperationError('value', `a multi-register txn is a list of [f, key, value] micro-ops, got ${stableJson(invoked)}`);
  const output = op.outcome === 'ok' ? op.output : invoked;
  if (!Array.isArray(output) || output.length !== invoked.length) {
    throw new OperationError('value', `the completion must list the same ${invoked.length} micro-ops as the invocation, got ${stableJson(output)}`);
  }
  const completed: unknown[] = output;
  const mops: MicroOp[] = [];
  for (let i = 0; i < invoked.length; i++) {
    const mop = completed[i];
    if (!Array.isArray(mop) || mop.length !== 3) throw new OperationError('value', `micro-op ${i} must be [f, key, value], got ${stableJson(mop)}`);
    const [f, k] = mop;
    const read = READS.has(f);
    if (!read && !WRITES.has(f))
      throw new OperationError('value', `micro-op ${i} ${stableJson(mop)} is neither a read nor a write (expected read, write, r or w)`);
    // A read whose transaction's outcome is unknown saw nothing we know of.
    if (read && op.outcome !== 'ok') continue;
    const key = keyText(k);
    mops.push({ write: !read, key, keyHash: hashString(key), value: canonical(mop[2]) });
  }
  return mops;
}

/** Registers named by key, read and written by transactions of micro-ops; Knossos's multi-register. */
export function multiRegisterModel(options: ModelOptions = {}): Model<MultiRegisterState, MultiRegisterInput, null> {
  const initial = initialRegisters(options.initial);
  const initialOf = (key: string): Canonical => initial.get(key) ?? null;
  // An unwritten register shows its initial value, or null (an absent key).
  const reads = (state: MultiRegisterState, mop: MicroOp): boolean => {
    const at = indexOf(state.keys, mop.key);
    if (state.keys[at] === mop.key) return state.values[at] === mop.value;
    return mop.value === null || mop.value === initialOf(mop.key);
  };
  const describe = (state: MultiRegisterState): string => {
    const shown = new Map<string, string>();
    for (const [key, value] of initial) shown.set(key, `${showCanonical(value)} (initial)`);
    state.keys.forEach((key, i) => shown.set(key, showCanonical(state.values[i])));
    return `{${[...shown]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}}`;
  };
  return {
    name: 'multi-register',
    init: () => EMPTY,
    encode: (op) => {
      const mops = encodeMicroOps(op);
      if (mops === null || mops.length === 0) return null;
      return { input: { mops, shown: `[${mops.map((m) => `[${m.write ? 'write' : 'read'} ${m.key} ${showCanonical(m.value)}]`).join(' ')}]` }, output: null };
    },
    step: (state, input): MultiRegisterState | Illegal => {
      let s = state;
      for (const mop of input.mops) {
        if (mop.write) s = withWrite(s, mop);
        else if (!reads(s, mop)) return ILLEGAL;
      }
      return s;
    },
    equal: (a, b) =>
      a === b || (a.hash === b.hash && a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i] && a.values[i] === b.values[i])),
    hash: (s) => s.hash,
    describeState: describe,
    describeOperation: (input) => `txn ${input.shown}`,
    whyIllegal: (state, input) => {
      let s = state;
      for (const mop of input.mops) {
        if (mop.write) s = withWrite(s, mop);
        else if (!reads(s, mop)) return `read ${mop.key} = ${showCanonical(mop.value)} but the registers hold ${describe(s)}`;
      }
      return `the transaction fits ${describe(state)}`;
    },
    operationKey: (input) => input.shown,
    observes: (input) => input.mops.some((m) => !m.write),
    stateBytes: (s) => 48 + 16 * s.keys.length,
  };
}

function keyText(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  return stableJson(key);
}

function initialRegisters(initial: unknown): Map<string, Canonical> {
  const registers = new Map<string, Canonical>();
  if (initial === undefined || initial === null) return registers;
  if (typeof initial !== 'object' || Array.isArray(initial)) {
    throw new ConfigError(
      'linearizable option "initial"',
      `the multi-register model takes a map from key to initial value, such as {"x":0,"y":0}; got ${JSON.stringify(initial)}`,
    );
  }
  for (const [key, value] of Object.entries(initial as Record<string, unknown>)) {
    if (value !== null) registers.set(key, canonical(value));
  }
  return registers;
}
