import { HistoryFormatError } from '../../core/errors.js';
import { OperationError, type Model } from '../../core/model.js';
import type { Partition } from './partition.js';

// A partition in the integer form the search runs on. Operations are numbered `ok` first
// (0..okCount-1), then `info` (okCount..n-1), each group in invocation order, so a bitset of
// linearized operations has its `ok` words first and its `info` words after them.
//
// `ok` calls and returns form the main doubly linked list (node 0 the head, node `tail` a
// sentinel that acts as a last return). `info` calls have no return and sit in a list of their
// own, which the search reads after the main one: trying operations that must happen before
// ones that merely may happen finds linearizations sooner.

export interface CompiledPartition<Input = unknown, Output = unknown> {
  /** Operations the search places (fails and unknown reads are gone). */
  n: number;
  /** Operations that completed `ok`; ids below this are `ok`, the rest `info`. */
  okCount: number;
  inputs: Input[];
  outputs: Output[];
  /** Position of each operation in `Partition.ops`. */
  source: Int32Array;
  /** Bitset words: the `ok` words first, then the `info` ones. */
  words: number;
  okWords: number;
  bitWord: Int32Array;
  bitMask: Int32Array;
  /** Position in `Partition.events` of each operation's call. */
  callPos: Int32Array;
  /** For an `info` operation, the previous pending `info` operation that acts identically, or -1. */
  twinPrev: Int32Array;
  /** Main list: ok calls and returns. */
  tail: number;
  nodeOp: Int32Array;
  nodeIsReturn: Uint8Array;
  /** Event position of each main node; the tail's is the largest integer. */
  nodePos: Int32Array;
  callNode: Int32Array;
  returnNode: Int32Array;
  next: Int32Array;
  prev: Int32Array;
  /** Info list: node i is operation okCount + i; head and tail are sentinels. */
  infoHead: number;
  infoTail: number;
  infoNext: Int32Array;
  infoPrev: Int32Array;
}

const NEVER = 0x7fffffff;

export function compilePartition<I, O>(partition: Partition, model: Model<unknown, I, O>): CompiledPartition<I, O> {
  const ops = partition.ops;
  // Encode once; ok operations take the first ids, info operations the rest.
  const encodedIn: I[] = new Array(ops.length);
  const encodedOut: O[] = new Array(ops.length);
  const kind = new Uint8Array(ops.length); // 0 dropped, 1 ok, 2 info
  let okCount = 0;
  for (let i = 0; i < ops.length; i++) {
    const encoded = encodeOrExplain(model, partition, i);
    if (encoded === null) continue;
    encodedIn[i] = encoded.input;
    encodedOut[i] = encoded.output;
    kind[i] = ops[i].outcome === 'ok' ? 1 : 2;
    if (kind[i] === 1) okCount++;
  }
  const idOf = new Int32Array(ops.length).fill(-1);
  const inputs: I[] = [];
  const outputs: O[] = [];
  const sourceList: number[] = [];
  for (let wanted = 1; wanted <= 2; wanted++) {
    for (let i = 0; i < ops.length; i++) {
      if (kind[i] !== wanted) continue;
      idOf[i] = inputs.length;
      inputs.push(encodedIn[i]);
      outputs.push(encodedOut[i]);
      sourceList.push(i);
    }
  }
  const n = inputs.length;

  const okWords = Math.ceil(okCount / 32);
  const words = Math.max(1, okWords + Math.ceil((n - okCount) / 32));
  const bitWord = new Int32Array(n);
  const bitMask = new Int32Array(n);
  for (let id = 0; id < n; id++) {
    const bit = id < okCount ? id : okWords * 32 + (id - okCount);
    bitWord[id] = bit >>> 5;
    bitMask[id] = 1 << (bit & 31);
  }

  const events = partition.events;
  const callPos = new Int32Array(n);
  let mainNodes = 0;
  for (let pos = 0; pos < events.length; pos++) {
    const id = idOf[events[pos] >> 1];
    if (id < 0) continue;
    if ((events[pos] & 1) === 0) callPos[id] = pos;
    if (id < okCount) mainNodes++;
  }
  const tail = mainNodes + 1;
  const nodeOp = new Int32Array(tail + 1).fill(-1);
  const nodeIsReturn = new Uint8Array(tail + 1);
  const nodePos = new Int32Array(tail + 1);
  const callNode = new Int32Array(okCount);
  const returnNode = new Int32Array(okCount);
  let node = 0;
  for (let pos = 0; pos < events.length; pos++) {
    const event = events[pos];
    const id = idOf[event >> 1];
    if (id < 0 || id >= okCount) continue;
    node++;
    nodeOp[node] = id;
    nodePos[node] = pos;
    if (event & 1) {
      nodeIsReturn[node] = 1;
      returnNode[id] = node;
    } else {
      callNode[id] = node;
    }
  }
  nodeIsReturn[tail] = 1;
  nodePos[tail] = NEVER;
  const [next, prev] = linkRange(tail + 1, 0, tail);

  const infoCount = n - okCount;
  const [infoNext, infoPrev] = linkRange(infoCount + 2, infoCount, infoCount + 1);
  const twinPrev = new Int32Array(n).fill(-1);
  if (model.operationKey) {
    const lastWithKey = new Map<string | number, number>();
    for (let id = okCount; id < n; id++) {
      const key = model.operationKey(inputs[id], outputs[id]);
      const previous = lastWithKey.get(key);
      if (previous !== undefined) twinPrev[id] = previous;
      lastWithKey.set(key, id);
    }
  }

  return {
    n,
    okCount,
    inputs,
    outputs,
    source: Int32Array.from(sourceList),
    words,
    okWords,
    bitWord,
    bitMask,
    callPos,
    twinPrev,
    tail,
    nodeOp,
    nodeIsReturn,
    nodePos,
    callNode,
    returnNode,
    next,
    prev,
    infoHead: infoCount,
    infoTail: infoCount + 1,
    infoNext,
    infoPrev,
  };
}

/** Doubly links head, every other index in ascending order, then tail; both ends point at themselves. */
function linkRange(size: number, head: number, tail: number): [Int32Array, Int32Array] {
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  let last = head;
  prev[head] = head;
  for (let i = 0; i < size; i++) {
    if (i === head || i === tail) continue;
    next[last] = i;
    prev[i] = last;
    last = i;
  }
  next[last] = tail;
  prev[tail] = last;
  next[tail] = tail;
  return [next, prev];
}

function encodeOrExplain<I, O>(model: Model<unknown, I, O>, partition: Partition, i: number) {
  const op = partition.ops[i];
  try {
    // A PartitionOp is a ModelOperation with extra fields; passing it as is saves a copy per operation.
    return model.encode(op);
  } catch (err) {
    if (!(err instanceof OperationError)) throw err;
    const where = partition.key === null ? '' : ` (key ${JSON.stringify(partition.key)})`;
    throw new HistoryFormatError({ line: op.invokeIndex + 1, field: err.field, problem: `${err.message}, at index ${op.invokeIndex}${where}` }, { cause: err });
  }
}
