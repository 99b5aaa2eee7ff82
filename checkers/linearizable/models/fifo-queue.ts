import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation } from '../../../core/model.js';
import { canonical, hashCanonical, joinCanonical, mix32, showCanonical, type Canonical } from '../values.js';

// A first-in first-out queue: enqueue(v); dequeue completes with the head, or null when the
// queue was empty. A dequeue whose outcome is unknown may have removed the head (whatever it
// was) or done nothing.

export interface QueueState {
  readonly items: readonly Canonical[];
  readonly hash: number;
}

const ENQUEUE = 0;
const DEQUEUE = 1;
const DEQUEUE_UNSEEN = 2;

export interface QueueInput {
  kind: number;
  value: Canonical;
}

function queueOf(items: readonly Canonical[]): QueueState {
  let h = items.length;
  for (const item of items) h = mix32(Math.imul(h, 31) + hashCanonical(item));
  return { items, hash: h };
}

const EMPTY = queueOf([]);

function encodeQueueOp(op: ModelOperation): { input: QueueInput; output: Canonical } {
  if (op.f === 'enqueue') return { input: { kind: ENQUEUE, value: canonical(op.value) }, output: null };
  if (op.f !== 'dequeue') throw new OperationError('f', `"${op.f}" is not an operation of the fifo-queue model (expected enqueue, dequeue)`);
  if (op.outcome === 'info') return { input: { kind: DEQUEUE_UNSEEN, value: null }, output: null };
  return { input: { kind: DEQUEUE, value: null }, output: canonical(op.output) };
}

function queueStep(state: QueueState, input: QueueInput, output: Canonical): QueueState | Illegal {
  const items = state.items;
  if (input.kind === ENQUEUE) return queueOf([...items, input.value]);
  if (items.length === 0) return input.kind === DEQUEUE_UNSEEN || output === null ? state : ILLEGAL;
  if (input.kind === DEQUEUE && items[0] !== output) return ILLEGAL;
  return queueOf(items.slice(1));
}

function describeQueue(state: QueueState): string {
  return `[${state.items.map(showCanonical).join(', ')}]`;
}

function describeQueueOp(input: QueueInput, output: Canonical): string {
  if (input.kind === ENQUEUE) return `enqueue ${showCanonical(input.value)}`;
  if (input.kind === DEQUEUE_UNSEEN) return 'dequeue (result unknown)';
  return output === null ? 'dequeue → empty' : `dequeue ${showCanonical(output)}`;
}

function whyQueueIllegal(state: QueueState, _input: QueueInput, output: Canonical): string {
  if (state.items.length === 0) return `dequeue ${showCanonical(output)} but the queue is empty`;
  if (output === null) return `dequeue found the queue empty but it holds ${describeQueue(state)}`;
  return `dequeue ${showCanonical(output)} but the queue's head is ${showCanonical(state.items[0])}`;
}

/** A FIFO queue: enqueue(v), dequeue → the head or null when empty. */
export function fifoQueueModel(): Model<QueueState, QueueInput, Canonical> {
  return {
    name: 'fifo-queue',
    init: () => EMPTY,
    encode: encodeQueueOp,
    step: queueStep,
    equal: (a, b) => a === b || (a.hash === b.hash && a.items.length === b.items.length && a.items.every((v, i) => v === b.items[i])),
    hash: (s) => s.hash,
    describeState: describeQueue,
    describeOperation: describeQueueOp,
    whyIllegal: whyQueueIllegal,
    operationKey: (input, output) => input.kind + joinCanonical([input.value, output]),
    stateBytes: (s) => 48 + 8 * s.items.length,
    observes: (input) => input.kind !== ENQUEUE,
  };
}
