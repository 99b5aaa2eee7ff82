import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation } from '../model.js';
import { hashString, stableJson } from '../values.js';

// A grow-only set: `add` an element, `read` every element. Elements are compared by their
// key-sorted JSON, so 1 and "1" differ. A state is a sorted array of those texts with an
// order-free hash (a sum of element hashes) that each add updates in constant time.

export interface SetState {
  readonly elements: readonly string[];
  readonly hash: number;
}

export interface SetInput {
  add: boolean;
  element: string;
  elementHash: number;
}

const EMPTY: SetState = { elements: [], hash: 0 };

function toSetState(elements: string[]): SetState {
  elements.sort();
  let hash = 0;
  for (const e of elements) hash = (hash + hashString(e)) | 0;
  return { elements, hash };
}

function encodeSetOp(op: ModelOperation): { input: SetInput; output: SetState | null } | null {
  if (op.f === 'add') {
    const element = stableJson(op.value);
    return { input: { add: true, element, elementHash: hashString(element) }, output: null };
  }
  if (op.f !== 'read') throw new OperationError('f', `"${op.f}" is not an operation of the set model (expected add, read)`);
  if (op.outcome === 'info') return null;
  if (!Array.isArray(op.output)) throw new OperationError('value', `a set read completes with an array of elements, got ${stableJson(op.output)}`);
  return { input: { add: false, element: '', elementHash: 0 }, output: toSetState(op.output.map(stableJson)) };
}

function indexOfInsertion(sorted: readonly string[], element: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < element) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function setStep(state: SetState, input: SetInput, output: SetState | null): SetState | Illegal {
  if (!input.add) return sameSet(state, output as SetState) ? state : ILLEGAL;
  const at = indexOfInsertion(state.elements, input.element);
  if (state.elements[at] === input.element) return state;
  const elements = state.elements.slice();
  elements.splice(at, 0, input.element);
  return { elements, hash: (state.hash + input.elementHash) | 0 };
}

function sameSet(a: SetState, b: SetState): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.elements.length !== b.elements.length) return false;
  for (let i = 0; i < a.elements.length; i++) if (a.elements[i] !== b.elements[i]) return false;
  return true;
}

function describeSet(state: SetState): string {
  return `[${state.elements.join(', ')}]`;
}

function whySetIllegal(state: SetState, _input: SetInput, output: SetState | null): string {
  const seen = (output as SetState).elements;
  const held = new Set(state.elements);
  const read = new Set(seen);
  const missing = state.elements.filter((e) => !read.has(e));
  const extra = seen.filter((e) => !held.has(e));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.join(', ')}`);
  if (parts.length === 0) parts.push('duplicates');
  return `read ${describeSet(output as SetState)} but the set holds ${describeSet(state)} (${parts.join('; ')})`;
}

/** A set of elements: add(e), read → every element, in any order. */
export function setModel(): Model<SetState, SetInput, SetState | null> {
  return {
    name: 'set',
    init: () => EMPTY,
    encode: encodeSetOp,
    step: setStep,
    equal: sameSet,
    hash: (s) => s.hash,
    describeState: describeSet,
    describeOperation: (input, output) => (input.add ? `add ${input.element}` : `read ${describeSet(output as SetState)}`),
    whyIllegal: whySetIllegal,
    stateBytes: (s) => 48 + 8 * s.elements.length,
    operationKey: (input, output) => (input.add ? `+${input.element}` : `=${(output as SetState).elements.join('\u0001')}`),
  };
}
