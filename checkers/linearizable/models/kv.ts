import { ILLEGAL, type Illegal, type Model, type ModelOperation, type ModelOptions } from '../../../core/model.js';
import { hashCanonical, joinCanonical, type Canonical } from '../values.js';
import {
  APPEND,
  CAS,
  READ,
  WRITE,
  currentValue,
  describeRegisterOp,
  describeRegisterState,
  encodeRegisterOp,
  holds,
  initialRules,
  whyRegisterIllegal,
  type Flavour,
  type InitialRules,
} from './register.js';
import { revealKvOrder, type KvInput } from './kv-reveal.js';

export type { KvInput };

// One key of a key-value store: read (null when absent), write, append (string
// concatenation) and cas. It is per key because every history is split by key before the
// search (P-compositionality). Appended strings grow long, so the state carries a polynomial
// hash that an append extends in constant time instead of rehashing the whole string. A
// completed read of null saw the key absent (never written); register.ts says how that
// combines with an initial value.

export interface KvState {
  readonly value: Canonical;
  readonly hash: number;
}

const BASE = 0x01000193;
const FLAVOUR: Flavour = { name: 'kv', accepts: ['read', 'write', 'append', 'cas'], holder: 'key' };
const ACCEPTED: ReadonlySet<string> = new Set(FLAVOUR.accepts);

function textHash(text: string, start = 0): number {
  let h = start;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

function isPlainString(value: Canonical): value is string {
  return typeof value === 'string' && !value.startsWith('\u0000');
}

/** Strings hash polynomially so that hash(a + b) follows from hash(a) and b. */
function kvHash(value: Canonical): number {
  return isPlainString(value) ? textHash(value) : hashCanonical(value);
}

function kvState(value: Canonical): KvState {
  return { value, hash: kvHash(value) };
}

function encodeKvOp(op: ModelOperation): { input: KvInput; output: Canonical } | null {
  const encoded = encodeRegisterOp(op, FLAVOUR, ACCEPTED);
  if (encoded === null) return null;
  const { input, output } = encoded;
  if (input.kind === APPEND) {
    const suffix = String(input.arg);
    let shift = 1;
    for (let i = 0; i < suffix.length; i++) shift = Math.imul(shift, BASE);
    return { input: { kind: APPEND, arg: suffix, to: null, argHash: textHash(suffix), shift }, output };
  }
  const stored = input.kind === CAS ? input.to : input.arg;
  return { input: { kind: input.kind, arg: input.arg, to: input.to, argHash: kvHash(stored), shift: 0 }, output };
}

function kvStep(rules: InitialRules, state: KvState, input: KvInput, output: Canonical): KvState | Illegal {
  switch (input.kind) {
    case READ:
      return holds(rules, state.value, output) ? state : ILLEGAL;
    case WRITE:
      return { value: input.arg, hash: input.argHash };
    case CAS:
      return holds(rules, state.value, input.arg) ? { value: input.to, hash: input.argHash } : ILLEGAL;
    default:
      return appendTo(rules, state, input);
  }
}

/** Append to an absent value gives the appended string; appending to a number treats it as its digits. */
function appendTo(rules: InitialRules, state: KvState, input: KvInput): KvState | Illegal {
  const suffix = input.arg as string;
  const value = currentValue(rules, state.value);
  if (value !== state.value) return appendTo(rules, kvState(value), input);
  if (value === null) return { value: suffix, hash: input.argHash };
  if (typeof value === 'number') {
    const digits = String(value);
    return { value: digits + suffix, hash: textHash(suffix, textHash(digits)) };
  }
  if (!isPlainString(value)) return ILLEGAL;
  return { value: value + suffix, hash: (Math.imul(state.hash, input.shift) + input.argHash) | 0 };
}

/** One key of a key-value store: read (null when absent), write, append (string concatenation), cas. */
export function kvModel(options: ModelOptions = {}): Model<KvState, KvInput, Canonical> {
  const rules = initialRules(options.initial);
  const initial = kvState(rules.start);
  return {
    name: 'kv',
    init: () => initial,
    encode: encodeKvOp,
    step: (state, input, output) => kvStep(rules, state, input, output),
    equal: (a, b) => a === b || (a.hash === b.hash && a.value === b.value),
    hash: (s) => s.hash,
    describeState: (s) => describeRegisterState(rules, s.value),
    describeOperation: describeRegisterOp,
    whyIllegal: (state, input, output) =>
      input.kind === APPEND
        ? `append needs a string but the key holds ${describeRegisterState(rules, state.value)}`
        : whyRegisterIllegal('key', describeRegisterState(rules, state.value), input, output),
    operationKey: (input, output) => input.kind + joinCanonical([input.arg, input.to, output]),
    revealOrder: (ops) => revealKvOrder(rules, ops),
    observes: (input) => input.kind === READ || input.kind === CAS,
    stateBytes: (s) => 32 + (typeof s.value === 'string' ? 2 * s.value.length : 0),
  };
}
