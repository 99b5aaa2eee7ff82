import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation, type ModelOptions } from '../../../core/model.js';
import { canonical, hashCanonical, joinCanonical, showCanonical, stableJson, type Canonical } from '../values.js';

// register and cas-register: a single value that reads, writes and compares-and-sets. kv.ts
// reuses the encoding and wording here and adds append. The state is the canonical value
// itself, so comparing states is `===`.
//
// A completed read of null is an observation, as in Jepsen's histories and Elle: the register
// was never written (a client reads an absent key as nil). With an initial value other than
// null, the state before any write is UNWRITTEN: it holds the initial value, and a read may
// see it as that value or as null. Once written, null is read only if null was written.
// (Knossos's register models accept a nil read in any state; docs/checkers.md says why we
// do not.)

/**
 * The state of a register nobody wrote yet when its initial value is not null. No canonical
 * value equals it: structured values are the tag followed by JSON, which never starts with "<".
 */
export const UNWRITTEN: Canonical = '\u0000<unwritten>';

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
  const rules = initialRules(options.initial);
  const accepted = new Set(flavour.accepts);
  return {
    name: flavour.name,
    init: () => rules.start,
    encode: (op) => encodeRegisterOp(op, flavour, accepted),
    step: (state, input, output) => registerStep(rules, state, input, output),
    equal: (a, b) => a === b,
    hash: hashCanonical,
    describeState: (state) => describeRegisterState(rules, state),
    describeOperation: describeRegisterOp,
    whyIllegal: (state, input, output) => whyRegisterIllegal(flavour.holder, describeRegisterState(rules, state), input, output),
    operationKey: (input, output) => input.kind + joinCanonical([input.arg, input.to, output]),
    observes: (input) => input.kind === READ || input.kind === CAS,
  };
}

/** What an initial value means for reads and cas before the first write. */
export interface InitialRules {
  /** The initial value, canonical. */
  initial: Canonical;
  /** The state before any write: the initial value itself when it is null, else UNWRITTEN. */
  start: Canonical;
}

export function initialRules(initial: unknown): InitialRules {
  const value = canonical(initial ?? null);
  return { initial: value, start: value === null ? null : UNWRITTEN };
}

/** Whether a register in `state` shows `value` to a read or a cas: an unwritten one shows its initial value or null. */
export function holds(rules: InitialRules, state: Canonical, value: Canonical): boolean {
  return state === value || (state === UNWRITTEN && (value === null || value === rules.initial));
}

/** The value an append extends: an unwritten register's is its initial value. */
export function currentValue(rules: InitialRules, state: Canonical): Canonical {
  return state === UNWRITTEN ? rules.initial : state;
}

export function describeRegisterState(rules: InitialRules, state: Canonical): string {
  return state === UNWRITTEN ? `${showCanonical(rules.initial)} (initial, never written)` : showCanonical(state);
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

function registerStep(rules: InitialRules, state: Canonical, input: RegisterInput, output: Canonical): Canonical | Illegal {
  switch (input.kind) {
    case READ:
      return holds(rules, state, output) ? state : ILLEGAL;
    case WRITE:
      return input.arg;
    default:
      return holds(rules, state, input.arg) ? input.to : ILLEGAL;
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

export function whyRegisterIllegal(holder: string, state: string, input: RegisterInput, output: Canonical): string {
  const holds = `the ${holder} holds ${state}`;
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
