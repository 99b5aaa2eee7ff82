import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation, type ModelOptions } from '../model.js';
import { canonical, hashCanonical, showCanonical, stableJson, type Canonical } from '../values.js';

// register, cas-register and kv share one sequential object: a single value that reads,
// writes, compares-and-sets and appends. They differ only in which operations they accept
// and in how explanations name the thing ("register" or "key"). kv is per key because every
// history is split by key before the search (P-compositionality).

const READ = 0;
const WRITE = 1;
const CAS = 2;
const APPEND = 3;

export interface RegisterInput {
  kind: number;
  /** The value written or appended, or the cas's expected value. */
  arg: Canonical;
  /** The cas's new value. */
  to: Canonical;
}

const OPERATIONS: Record<string, number> = { read: READ, write: WRITE, cas: CAS, append: APPEND };

interface Flavour {
  name: string;
  accepts: readonly string[];
  holder: string;
}

function registerFamily(flavour: Flavour, options: ModelOptions = {}): Model<Canonical, RegisterInput, Canonical> {
  const initial = canonical(options.initial ?? null);
  const accepted = new Set(flavour.accepts);
  return {
    name: flavour.name,
    init: () => initial,
    encode: (op) => encodeRegisterOp(op, flavour, accepted),
    step: registerStep,
    equal: (a, b) => a === b,
    hash: hashCanonical,
    describeState: showCanonical,
    describeOperation: describeRegisterOp,
    whyIllegal: (state, input, output) => whyRegisterIllegal(flavour.holder, state, input, output),
  };
}

function encodeRegisterOp(op: ModelOperation, flavour: Flavour, accepted: ReadonlySet<string>): { input: RegisterInput; output: Canonical } | null {
  if (!accepted.has(op.f)) {
    throw new OperationError('f', `"${op.f}" is not an operation of the ${flavour.name} model (expected ${flavour.accepts.join(', ')})`);
  }
  const kind = OPERATIONS[op.f];
  if (kind === READ) {
    // A read whose result is unknown saw nothing we know of: it constrains nothing.
    if (op.outcome === 'info') return null;
    return { input: { kind, arg: null, to: null }, output: canonical(op.output) };
  }
  if (kind === CAS) {
    const pair = op.value;
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new OperationError('value', `cas needs a value [from, to], got ${stableJson(pair)}`);
    }
    return { input: { kind, arg: canonical(pair[0]), to: canonical(pair[1]) }, output: null };
  }
  if (kind === APPEND && typeof op.value !== 'string' && typeof op.value !== 'number') {
    throw new OperationError('value', `append needs a string or number, got ${stableJson(op.value)}`);
  }
  return { input: { kind, arg: canonical(op.value), to: null }, output: null };
}

function registerStep(state: Canonical, input: RegisterInput, output: Canonical): Canonical | Illegal {
  switch (input.kind) {
    case READ:
      return state === output ? state : ILLEGAL;
    case WRITE:
      return input.arg;
    case CAS:
      return state === input.arg ? input.to : ILLEGAL;
    default:
      return appended(state, input.arg as string | number);
  }
}

/** Append to an absent value gives the appended string; appending to a number treats it as its digits. */
function appended(state: Canonical, suffix: string | number): Canonical | Illegal {
  if (state === null) return String(suffix);
  if (typeof state === 'number') return String(state) + String(suffix);
  if (typeof state === 'string' && !state.startsWith('\u0000')) return state + String(suffix);
  return ILLEGAL;
}

function describeRegisterOp(input: RegisterInput, output: Canonical): string {
  switch (input.kind) {
    case READ:
      return `read ${showCanonical(output)}`;
    case WRITE:
      return `write ${showCanonical(input.arg)}`;
    case CAS:
      return `cas ${showCanonical(input.arg)} → ${showCanonical(input.to)}`;
    default:
      return `append ${showCanonical(input.arg)}`;
  }
}

function whyRegisterIllegal(holder: string, state: Canonical, input: RegisterInput, output: Canonical): string {
  const holds = `the ${holder} holds ${showCanonical(state)}`;
  switch (input.kind) {
    case READ:
      return `read ${showCanonical(output)} but ${holds}`;
    case CAS:
      return `cas expected ${showCanonical(input.arg)} but ${holds}`;
    case APPEND:
      return `append needs a string but ${holds}`;
    default:
      return `write is always allowed; ${holds}`;
  }
}

/** A read/write register. */
export function registerModel(options?: ModelOptions): Model<Canonical, RegisterInput, Canonical> {
  return registerFamily({ name: 'register', accepts: ['read', 'write'], holder: 'register' }, options);
}

/** A read/write/compare-and-set register; cas takes [from, to]. */
export function casRegisterModel(options?: ModelOptions): Model<Canonical, RegisterInput, Canonical> {
  return registerFamily({ name: 'cas-register', accepts: ['read', 'write', 'cas'], holder: 'register' }, options);
}

/** One key of a key-value store: read (null when absent), write, append (string concatenation), cas. */
export function kvModel(options?: ModelOptions): Model<Canonical, RegisterInput, Canonical> {
  return registerFamily({ name: 'kv', accepts: ['read', 'write', 'append', 'cas'], holder: 'key' }, options);
}
