import type { CompiledPartition } from './compile.js';
import type { ImpossibleOperation } from './impossible.js';
import { ILLEGAL, type Model } from '../../core/model.js';
import type { Partition } from './partition.js';
import type { BlockedOperation, OperationRef, PartitionFailure } from './result.js';
import type { CycleStep } from './revealed-order.js';

// Turns the deepest point the search reached into words a person can check: the prefix it
// managed to linearize (with the state after each step), and for every operation that could
// have come next, why it does not fit there. Runs once per failing partition, so clarity
// beats speed here.

const MAX_DESCRIPTION = 240;
const MAX_BLOCKED = 40;

function refMaker<S, I, O>(partition: Partition, part: CompiledPartition<I, O>, model: Model<S, I, O>): (id: number) => OperationRef {
  return (id) => {
    const op = partition.ops[part.source[id]];
    return {
      index: op.invokeIndex,
      completeIndex: op.completeIndex < 0 ? null : op.completeIndex,
      process: op.process,
      outcome: op.outcome,
      description: clip(model.describeOperation(part.inputs[id], part.outputs[id])),
    };
  };
}

/** An operation the model's reads rule out on their own (a state no write produces, two reads that cannot both hold). */
export function explainContradiction<S, I, O>(
  partition: Partition,
  part: CompiledPartition<I, O>,
  model: Model<S, I, O>,
  id: number,
  reason: string,
): PartitionFailure {
  const op = refMaker(partition, part, model)(id);
  const initial = clip(model.describeState(model.init()));
  return {
    key: partition.key,
    found: 'impossible-operation',
    initialState: initial,
    linearized: [],
    state: initial,
    deadline: op,
    blocked: [{ ...op, why: 'illegal', reason: clip(reason) }],
    blockedOmitted: 0,
    indices: op.completeIndex === null ? [op.index] : [op.index, op.completeIndex],
  };
}

/** The cycle of facts and real time that rules out every order, one line per step. */
export function describeCycle<S, I, O>(partition: Partition, part: CompiledPartition<I, O>, model: Model<S, I, O>, cycle: readonly CycleStep[]): string[] {
  const ref = refMaker(partition, part, model);
  const name = (id: number) => {
    const r = ref(id);
    return `#${r.index} ${r.description}`;
  };
  const completed = (id: number) => `#${ref(id).completeIndex}`;
  return cycle.map((step) => {
    const head = `${name(step.from)} before ${name(step.to)}: `;
    if (step.kind === 'revealed') return clip(head + step.why);
    if (step.kind === 'realtime') return clip(`${head}it completed (${completed(step.from)}) before the other was invoked`);
    const [early, late] = step.witness as [number, number];
    return clip(`${head}they belong to the stretches of different writes, and ${name(early)} completed (${completed(early)}) before ${name(late)} was invoked`);
  });
}

/** An operation no state allows: it alone is the explanation, and no prefix is needed. */
export function explainImpossible<S, I, O>(
  partition: Partition,
  part: CompiledPartition<I, O>,
  model: Model<S, I, O>,
  impossible: ImpossibleOperation,
): PartitionFailure {
  const op = refMaker(partition, part, model)(impossible.id);
  const initial = clip(model.describeState(model.init()));
  const reason = `${op.description} fits no state the operations of this history can produce (${impossible.states.join(', ')})`;
  return {
    key: partition.key,
    found: 'impossible-operation',
    initialState: initial,
    linearized: [],
    state: initial,
    deadline: op,
    blocked: [{ ...op, why: 'illegal', reason: clip(reason) }],
    blockedOmitted: 0,
    indices: op.completeIndex === null ? [op.index] : [op.index, op.completeIndex],
  };
}

export function explainFailure<S, I, O>(partition: Partition, part: CompiledPartition<I, O>, model: Model<S, I, O>, best: ArrayLike<number>): PartitionFailure {
  const ref = refMaker(partition, part, model);
  const initial = model.init();
  let state = initial;
  const placed = new Uint8Array(part.n);
  const linearized = [];
  for (let i = 0; i < best.length; i++) {
    const id = best[i];
    const after = model.step(state, part.inputs[id], part.outputs[id]);
    if (after === ILLEGAL) break;
    state = after;
    placed[id] = 1;
    linearized.push({ ...ref(id), stateAfter: clip(model.describeState(state)) });
  }

  const keptId = new Int32Array(partition.ops.length).fill(-1);
  part.source.forEach((source, id) => (keptId[source] = id));
  const okCandidates: number[] = [];
  const infoCandidates: number[] = [];
  let deadline: OperationRef | undefined;
  for (const event of partition.events) {
    const id = keptId[event >> 1];
    if (id < 0 || placed[id]) continue;
    if (event & 1) {
      deadline = ref(id);
      break;
    }
    if (id < part.okCount) okCandidates.push(id);
    // Of interchangeable pending info operations only the first says anything new.
    else if (part.twinPrev[id] < 0 || placed[part.twinPrev[id]]) infoCandidates.push(id);
  }
  if (!deadline) throw new Error('explainFailure: every ok operation is linearized, so the partition is not a failure');
  const shown = [...okCandidates, ...infoCandidates].slice(0, MAX_BLOCKED);
  const blocked = shown.map((id) => explainBlocked(model, state, id, part, ref(id)));

  const indices = new Set<number>();
  for (const op of [...linearized, ...blocked]) {
    indices.add(op.index);
    if (op.completeIndex !== null) indices.add(op.completeIndex);
  }
  return {
    key: partition.key,
    found: 'search',
    initialState: clip(model.describeState(initial)),
    linearized,
    state: clip(model.describeState(state)),
    deadline,
    blocked,
    blockedOmitted: okCandidates.length + infoCandidates.length - shown.length,
    indices: [...indices].sort((a, b) => a - b),
  };
}

function explainBlocked<S, I, O>(model: Model<S, I, O>, state: S, id: number, part: CompiledPartition<I, O>, ref: OperationRef): BlockedOperation {
  const input = part.inputs[id];
  const output = part.outputs[id];
  const after = model.step(state, input, output);
  if (after === ILLEGAL) {
    const reason = model.whyIllegal?.(state, input, output) ?? `${ref.description} cannot happen when the state is ${model.describeState(state)}`;
    return { ...ref, why: 'illegal', reason: clip(reason) };
  }
  const reason = `allowed here (the state would become ${model.describeState(after)}), but no order of the remaining operations works after it`;
  return { ...ref, why: 'dead-end', reason: clip(reason) };
}

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
