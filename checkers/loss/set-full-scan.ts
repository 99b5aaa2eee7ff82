import type { History } from '../../core/history.js';
import { badOp } from './bad-op.js';
import { FloatList, IntList } from './int-list.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf } from './keyed-events.js';
import type { SetElement } from './set-full-types.js';

export const ADD_OK = 1;
export const ADD_INFO = 2;
export const ADD_FAIL = 4;

/**
 * One key's set history reduced to integers: elements are numbered in order of first
 * appearance, ok reads in order of invocation ("ordinals"), and each read's contents are a
 * row of element numbers. Everything later works on these arrays only.
 */
export interface SetKeyTable {
  elements: SetElement[];
  /** Invocation index of the element's first add, or -1. */
  addInvoke: Int32Array;
  addInvokeTime: Float64Array;
  /** Completion index of its first acknowledged add, or -1. */
  addAck: Int32Array;
  /** ADD_OK | ADD_INFO | ADD_FAIL over all its adds. */
  addFlags: Uint8Array;
  /** Completion index of the first read that saw it, or -1. */
  firstSeen: Int32Array;
  /** Element numbers in the order they became visible (acknowledged or first seen). */
  visibleOrder: Int32Array;
  /** Per element, its position in visibleOrder, or -1. */
  visiblePos: Int32Array;
  readInvoke: Int32Array;
  readComplete: Int32Array;
  readInvokeTime: Float64Array;
  /** How many elements were visible when the read began: a prefix of visibleOrder. */
  readVisiblePrefix: Int32Array;
  readRowStart: Int32Array;
  readRowLength: Int32Array;
  rowElements: Int32Array;
}

export function scanSetKey(history: History, pairs: Int32Array, events: Int32Array): SetKeyTable {
  const ids = new Map<SetElement, number>();
  const elements: SetElement[] = [];
  // Every operation has at least one event, so half the events bounds the adds and the reads.
  const capacity = (events.length >> 1) + 16;
  const addInvoke = new IntList(capacity);
  const addInvokeTime = new FloatList(capacity);
  const addAck = new IntList(capacity);
  const addFlags = new IntList(capacity);
  const firstSeen = new IntList(capacity);
  const visiblePos = new IntList(capacity);
  const visibleOrder = new IntList(capacity);
  const readInvoke = new IntList(capacity);
  const readComplete = new IntList(capacity);
  const readInvokeTime = new FloatList(capacity);
  const readVisiblePrefix = new IntList(capacity);
  const readRowStart = new IntList(capacity);
  const readRowLength = new IntList(capacity);
  const readOrdinal = new Map<number, number>();

  const internSlow = (element: SetElement): number => {
    let id = ids.get(element);
    if (id === undefined) {
      id = elements.length;
      ids.set(element, id);
      elements.push(element);
      addInvoke.push(-1);
      addInvokeTime.push(0);
      addAck.push(-1);
      addFlags.push(0);
      firstSeen.push(-1);
      visiblePos.push(-1);
    }
    return id;
  };

  // First pass: number the added elements and size the read rows, so that the common case of
  // integer elements can be looked up in a dense table instead of a hash map.
  let rowTotal = 0;
  let low = Infinity;
  let high = -Infinity;
  for (let n = 0; n < events.length; n++) {
    const op = history[events[n]];
    if (op.f === 'add') {
      if (op.type !== 'invoke') continue;
      if (!isElement(op.value)) throw badOp('set-full', op, 'must carry the element, a string or finite number');
      internSlow(op.value);
      if (typeof op.value === 'number' && Number.isInteger(op.value)) {
        if (op.value < low) low = op.value;
        if (op.value > high) high = op.value;
      } else low = NaN;
    } else if (op.type === 'ok') {
      // A completed read of nil saw the empty set, as Jepsen's set-full reads it.
      if (op.value !== null && !Array.isArray(op.value)) throw badOp('set-full', op, 'must be the list of elements the read saw (or null for none)');
      rowTotal += op.value === null ? 0 : op.value.length;
    }
  }
  const span = high - low + 1;
  const dense = span > 0 && span <= 4 * elements.length + 64 ? new Int32Array(span) : null;
  if (dense) for (let id = 0; id < elements.length; id++) dense[(elements[id] as number) - low] = id + 1;
  const intern = (element: SetElement): number => {
    if (dense !== null && typeof element === 'number') {
      const offset = element - low;
      if (offset >= 0 && offset < span) {
        const id = dense[offset];
        if (id > 0 && (elements[id - 1] as number) === element) return id - 1;
      }
    }
    return internSlow(element);
  };
  const rowElements = new Int32Array(rowTotal);
  let rowFill = 0;

  const makeVisible = (id: number): void => {
    if (visiblePos.get(id) >= 0) return;
    visiblePos.set(id, visibleOrder.length);
    visibleOrder.push(id);
  };

  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const op = history[e];
    if (op.f === 'add') {
      if (op.type === 'invoke') {
        const id = intern(op.value as SetElement);
        if (addInvoke.get(id) < 0) {
          addInvoke.set(id, e);
          addInvokeTime.set(id, op.time);
        }
        const outcome = outcomeOf(history, pairs, e);
        addFlags.set(id, addFlags.get(id) | (outcome === OUTCOME_OK ? ADD_OK : outcome === OUTCOME_FAIL ? ADD_FAIL : ADD_INFO));
      } else if (op.type === 'ok') {
        const id = intern(history[pairs[e]].value as SetElement);
        if (addAck.get(id) < 0) addAck.set(id, e);
        makeVisible(id);
      }
      continue;
    }
    if (op.type === 'invoke') {
      if (outcomeOf(history, pairs, e) !== OUTCOME_OK) continue;
      readOrdinal.set(e, readInvoke.length);
      readInvoke.push(e);
      readComplete.push(pairs[e]);
      readInvokeTime.push(op.time);
      readVisiblePrefix.push(visibleOrder.length);
      readRowStart.push(0);
      readRowLength.push(0);
      continue;
    }
    if (op.type !== 'ok') continue;
    const ordinal = readOrdinal.get(pairs[e]) as number;
    readOrdinal.delete(pairs[e]);
    const seen = (op.value ?? []) as unknown[];
    readRowStart.set(ordinal, rowFill);
    readRowLength.set(ordinal, seen.length);
    for (let k = 0; k < seen.length; k++) {
      const element: unknown = seen[k];
      if (!isElement(element)) throw badOp('set-full', op, `holds ${JSON.stringify(element)} at position ${k}, not a string or finite number`);
      const id = intern(element);
      rowElements[rowFill++] = id;
      if (firstSeen.get(id) < 0) firstSeen.set(id, e);
      // Visible from this completion on: only reads that begin later must see it.
      makeVisible(id);
    }
  }

  return {
    elements,
    addInvoke: addInvoke.view(),
    addInvokeTime: addInvokeTime.view(),
    addAck: addAck.view(),
    addFlags: Uint8Array.from(addFlags.view()),
    firstSeen: firstSeen.view(),
    visibleOrder: visibleOrder.view(),
    visiblePos: visiblePos.view(),
    readInvoke: readInvoke.view(),
    readComplete: readComplete.view(),
    readInvokeTime: readInvokeTime.view(),
    readVisiblePrefix: readVisiblePrefix.view(),
    readRowStart: readRowStart.view(),
    readRowLength: readRowLength.view(),
    rowElements,
  };
}

function isElement(value: unknown): value is SetElement {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
