import { completedOps, type History, type Key } from '../../../core/history.js';

// A brute-force linearizability oracle for small histories, written independently of the
// search and of the models so that it can judge both: it tries every order of the operations
// consistent with real time, every subset of the `info` operations taking effect, and keeps a
// plain map from key to state with specifications written in the most obvious way.

type Spec = (state: unknown, op: OracleOp) => { state: unknown } | undefined;

interface OracleOp {
  f: string;
  value: unknown;
  output: unknown;
  /** False for `info`: the result is unknown. */
  known: boolean;
  key: Key | null;
  invoke: number;
  /** History index of an `ok` completion; Infinity for `info`. */
  complete: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A register nobody wrote yet, holding a non-null initial value: reads see that value, or null (an absent key). */
class Unwritten {
  constructor(readonly initial: unknown) {}
}

/** Whether `state` shows `value` to a read or a cas. */
const shows = (state: unknown, value: unknown) =>
  state instanceof Unwritten ? value === null || value === undefined || same(state.initial, value) : same(state, value);

const register: Spec = (state, op) => {
  if (op.f === 'read') return !op.known || shows(state, op.output) ? { state } : undefined;
  if (op.f === 'write') return { state: op.value };
  if (op.f === 'cas') {
    const [from, to] = op.value as [unknown, unknown];
    return shows(state, from) ? { state: to } : undefined;
  }
  if (op.f === 'append') {
    const value = state instanceof Unwritten ? state.initial : state;
    if (value === null || value === undefined) return { state: String(op.value) };
    if (typeof value === 'string' || typeof value === 'number') return { state: String(value) + String(op.value) };
    return undefined;
  }
  throw new Error(`oracle: register has no ${op.f}`);
};

const registerInitial = (i: unknown) => (i === null || i === undefined ? null : new Unwritten(i));

const set: Spec = (state, op) => {
  const elements = state as unknown[];
  if (op.f === 'add') return { state: elements.some((e) => same(e, op.value)) ? elements : [...elements, op.value] };
  if (!op.known) return { state };
  const sortedText = (xs: unknown[]) =>
    xs
      .map((x) => JSON.stringify(x))
      .sort()
      .join('|');
  return sortedText(elements) === sortedText((op.output ?? []) as unknown[]) ? { state } : undefined;
};

const queue: Spec = (state, op) => {
  const items = state as unknown[];
  if (op.f === 'enqueue') return { state: [...items, op.value] };
  if (!op.known) return { state: items.slice(1) };
  if (items.length === 0) return op.output === null ? { state } : undefined;
  return same(items[0], op.output) ? { state: items.slice(1) } : undefined;
};

const mutex: Spec = (state, op) => {
  if (op.f === 'acquire') return state ? undefined : { state: true };
  return state ? { state: false } : undefined;
};

/** Registers by key: the written ones in `written`, the rest still at their initial value (or null). */
interface Registers {
  written: Record<string, unknown>;
  initial: Record<string, unknown>;
}

const multiRegister: Spec = (state, op) => {
  const { written, initial } = state as Registers;
  const next = { ...written };
  for (const [f, k, v] of (op.known ? op.output : op.value) as [string, unknown, unknown][]) {
    const key = String(k);
    if (f === 'write' || f === 'w') next[key] = v;
    else if (!op.known) continue;
    else if (key in next ? !same(next[key], v) : v !== null && !same(initial[key] ?? null, v)) return undefined;
  }
  return { state: { written: next, initial } };
};

const SPECS: Record<string, { spec: Spec; initial: (initial: unknown) => unknown }> = {
  register: { spec: register, initial: registerInitial },
  'cas-register': { spec: register, initial: registerInitial },
  kv: { spec: register, initial: registerInitial },
  'multi-register': { spec: multiRegister, initial: (i) => ({ written: {}, initial: (i ?? {}) as Record<string, unknown> }) },
  set: { spec: set, initial: () => [] },
  'fifo-queue': { spec: queue, initial: () => [] },
  mutex: { spec: mutex, initial: () => false },
};

/** True when some order of the history's operations, consistent with real time, satisfies the model. */
export function oracleLinearizable(history: History, modelName: string, initial?: unknown): boolean {
  const { spec, initial: start } = SPECS[modelName];
  const ops: OracleOp[] = completedOps(history)
    .filter((c) => c.type !== 'fail')
    .map((c) => ({
      f: c.invoke.f,
      value: c.invoke.value,
      output: c.type === 'ok' ? c.complete?.value : undefined,
      known: c.type === 'ok',
      key: c.invoke.key ?? null,
      invoke: c.invoke.index,
      complete: c.type === 'ok' ? (c.complete as { index: number }).index : Infinity,
    }));
  const placed = new Array<boolean>(ops.length).fill(false);
  const states = new Map<Key | null, unknown>();
  const stateOf = (key: Key | null) => (states.has(key) ? states.get(key) : start(initial));

  const search = (): boolean => {
    // Done when every operation known to have happened is placed; the remaining info ops never happened.
    if (ops.every((op, i) => placed[i] || !op.known)) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i]) continue;
      const mustWait = ops.some((other, j) => !placed[j] && j !== i && other.complete < ops[i].invoke);
      if (mustWait) continue;
      const before = stateOf(ops[i].key);
      const after = spec(before, ops[i]);
      if (!after) continue;
      const had = states.has(ops[i].key);
      placed[i] = true;
      states.set(ops[i].key, after.state);
      if (search()) return true;
      placed[i] = false;
      if (had) states.set(ops[i].key, before);
      else states.delete(ops[i].key);
    }
    return false;
  };
  return search();
}

/**
 * Whether any operation that completed ok observes the state (a read, a cas, a dequeue, a
 * lock operation, a transaction that reads): without one, any model accepts the history and
 * the checker answers unknown.
 */
export function observesSomething(history: History): boolean {
  const completions = completedOps(history).filter((c) => c.type === 'ok');
  return completions.some(({ invoke, complete }) => {
    if (invoke.f === 'txn') return ((complete?.value ?? []) as unknown[][]).some((m) => m[0] === 'read' || m[0] === 'r');
    return !['write', 'append', 'add', 'enqueue'].includes(invoke.f);
  });
}
