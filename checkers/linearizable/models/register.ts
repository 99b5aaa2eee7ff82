import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation, type ModelOptions } from '../model.js';
import { canonical, hashCanonical, joinCanonical, showCanonical, stableJson, type Canonical } from '../values.js';

// register and cas-register: a single value that reads, writes and compares-and-sets. kv.ts
// reuses the encoding and wording here and adds append. The state is the canonical value
// itself, so comparing states is `===`.

export const READ = 0;
export const WRITE = 1;
export const CAS = 2;
export const APPEND = 3;

export interface RegisterInput {
  kind: number;
  /** The value written or appended, or the cas's expected value. */
  arg: Canonical;
  /** The cas's new value. */
  to: Canonical;
}

const OPERATIONS: Record<string, number> = Object.assign(Object.create(null), { read: READ, write: WRITE, cas: CAS, append: APPEND });

export interface Flavour {
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
    operationKey: (input, output) => input.kind + joinCanonical([input.arg, input.to, output]),
  };
}

export function encodeRegisterOp(op: ModelOperation, flavour: Flavour, accepted: ReadonlySet<string>): { input: RegisterInput; output: Canonical } | null {
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
    default:
      return state === input.arg ? input.to : ILLEGAL;
  }
}

export function describeRegisterOp(input: RegisterInput, output: Canonical): string {
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

export function whyRegisterIllegal(holder: string, state: Canonical, input: RegisterInput, output: Canonical): string {
  const holds = `the ${holder} holds ${showCanonical(state)}`;
  switch (input.kind) {
    case READ:
      return `read ${showCanonical(output)} but ${holds}`;
    case CAS:
      return `cas expected ${showCanonical(input.arg)} but ${holds}`;
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
