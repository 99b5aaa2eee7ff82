import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation, type RevealInput, type Revelation } from '../../../core/model.js';
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
  // A completed read of nil saw the empty set, as Jepsen's set checkers read it.
  if (op.output === null) return { input: { add: false, element: '', elementHash: 0 }, output: EMPTY };
  if (!Array.isArray(op.output))
    throw new OperationError('value', `a set read completes with an array of elements (or null for none), got ${stableJson(op.output)}`);
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
    revealOrder: revealSetOrder,
    observes: (input) => !input.add,
  };
}

/** Beyond this many (read, add) pairs the facts cost more than they save. */
const MAX_SET_FACTS = 4_000_000;

/**
 * When every element is added by one operation at most, a read shows exactly which adds came
 * before it: those of the elements it holds, and not the others.
 */
function revealSetOrder(ops: RevealInput<SetInput, SetState | null>): Revelation | undefined {
  const { n, okCount, inputs, outputs } = ops;
  const adder = new Map<string, number>();
  const adds: number[] = [];
  let reads = 0;
  for (let id = 0; id < n; id++) {
    if (!inputs[id].add) {
      reads++;
      continue;
    }
    if (adder.has(inputs[id].element)) return undefined;
    adder.set(inputs[id].element, id);
    adds.push(id);
  }
  if (reads * adds.length > MAX_SET_FACTS) return undefined;
  const from: number[] = [];
  const to: number[] = [];
  const why: string[] = [];
  const required = new Uint8Array(n);
  const shown = new Int32Array(n).fill(-1);
  for (let id = 0; id < okCount; id++) {
    if (inputs[id].add) continue;
    const seen = (outputs[id] as SetState).elements;
    for (let i = 0; i < seen.length; i++) {
      const add = adder.get(seen[i]);
      if (add === undefined || (i > 0 && seen[i] === seen[i - 1])) {
        return {
          kind: 'impossible',
          op: id,
          reason: add === undefined ? `the read shows ${seen[i]}, which no add that may have happened added` : `the read shows ${seen[i]} twice`,
        };
      }
      shown[add] = id;
      required[add] = 1;
      from.push(add);
      to.push(id);
      why.push('the read shows the element');
    }
    for (const add of adds) {
      if (shown[add] === id) continue;
      from.push(id);
      to.push(add);
      why.push('the read does not show the element, so it was added later');
    }
  }
  return { kind: 'order', order: { from: Int32Array.from(from), to: Int32Array.from(to), required, blocks: [], why: (e) => why[e] } };
}
