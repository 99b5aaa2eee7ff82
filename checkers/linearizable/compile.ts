import { HistoryFormatError } from '../../harness/errors.js';
import { OperationError, type Model } from './model.js';
import type { Partition } from './partition.js';

// A partition in the integer form the search runs on: operations numbered 0..n-1 with their
// encoded inputs and outputs, and the call/return entries as a doubly linked list over typed
// arrays (node 0 is the head, node `tail` a sentinel that acts as a final return).

export interface CompiledPartition<Input = unknown, Output = unknown> {
  /** Operations the search places (fails and unknown reads are gone). */
  n: number;
  /** How many of them completed `ok`: the search is done when all of those are placed. */
  okCount: number;
  inputs: Input[];
  outputs: Output[];
  isOk: Uint8Array;
  /** Position of each operation in `Partition.ops`. */
  source: Int32Array;
  tail: number;
  nodeOp: Int32Array;
  nodeIsReturn: Uint8Array;
  callNode: Int32Array;
  /** -1 for an `info` operation, whose return lies beyond the end of the history. */
  returnNode: Int32Array;
  next: Int32Array;
  prev: Int32Array;
}

export function compilePartition<I, O>(partition: Partition, model: Model<unknown, I, O>): CompiledPartition<I, O> {
  const ops = partition.ops;
  const keptId = new Int32Array(ops.length).fill(-1);
  const inputs: I[] = [];
  const outputs: O[] = [];
  const isOkList: number[] = [];
  const sourceList: number[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    let encoded;
    try {
      encoded = model.encode({ f: op.f, value: op.value, output: op.output, outcome: op.outcome });
    } catch (err) {
      if (!(err instanceof OperationError)) throw err;
      const where = partition.key === null ? '' : ` (key ${JSON.stringify(partition.key)})`;
      throw new HistoryFormatError({ line: op.invokeIndex + 1, field: err.field, problem: `${err.message}, at index ${op.invokeIndex}${where}` }, { cause: err });
    }
    if (encoded === null) continue;
    keptId[i] = inputs.length;
    inputs.push(encoded.input);
    outputs.push(encoded.output);
    isOkList.push(op.outcome === 'ok' ? 1 : 0);
    sourceList.push(i);
  }
  const n = inputs.length;
  const nodeCount = countNodes(partition.events, keptId);
  const tail = nodeCount + 1;
  const nodeOp = new Int32Array(tail + 1).fill(-1);
  const nodeIsReturn = new Uint8Array(tail + 1);
  const callNode = new Int32Array(n);
  const returnNode = new Int32Array(n).fill(-1);
  let node = 0;
  for (const event of partition.events) {
    const id = keptId[event >> 1];
    if (id < 0) continue;
    node++;
    nodeOp[node] = id;
    if (event & 1) {
      nodeIsReturn[node] = 1;
      returnNode[id] = node;
    } else {
      callNode[id] = node;
    }
  }
  nodeIsReturn[tail] = 1;
  const next = new Int32Array(tail + 1);
  const prev = new Int32Array(tail + 1);
  for (let i = 0; i <= tail; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  next[tail] = tail;
  prev[0] = 0;
  const isOk = Uint8Array.from(isOkList);
  let okCount = 0;
  for (let i = 0; i < n; i++) okCount += isOk[i];
  return { n, okCount, inputs, outputs, isOk, source: Int32Array.from(sourceList), tail, nodeOp, nodeIsReturn, callNode, returnNode, next, prev };
}

function countNodes(events: Int32Array, keptId: Int32Array): number {
  let count = 0;
  for (const event of events) if (keptId[event >> 1] >= 0) count++;
  return count;
}
