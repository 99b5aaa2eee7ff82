import type { CompiledPartition } from './compile.js';
import { ILLEGAL, type Model } from '../../core/model.js';

// A cheap proof of non-linearizability before the search: collect every state that the
// partition's operations could produce in any order from the initial state (a superset of the
// reachable ones). An `ok` operation that is illegal in all of them can never be placed, so no
// order works, however many crashed operations make the search itself expensive. Models
// with many states (appends, sets, queues) exceed the cap and are left to the search.

const MAX_STATES = 16;

export interface ImpossibleOperation {
  /** The operation's id in the compiled partition. */
  id: number;
  /** Every state the operations could produce, as the model describes them. */
  states: string[];
}

/** The impossible `ok` operation whose completion comes first, or undefined (none, or too many states to tell). */
export function findImpossibleOperation<S, I, O>(part: CompiledPartition<I, O>, model: Model<S, I, O>): ImpossibleOperation | undefined {
  const states: S[] = [model.init()];
  const byHash = new Map<number, S[]>([[model.hash(states[0]) | 0, [states[0]]]]);
  for (let s = 0; s < states.length; s++) {
    for (let id = 0; id < part.n; id++) {
      const after = model.step(states[s], part.inputs[id], part.outputs[id]);
      if (after === ILLEGAL) continue;
      const hash = model.hash(after) | 0;
      const bucket = byHash.get(hash);
      if (bucket?.some((known) => model.equal(known, after))) continue;
      if (states.length === MAX_STATES) return undefined;
      states.push(after);
      if (bucket) bucket.push(after);
      else byHash.set(hash, [after]);
    }
  }
  let first: number | undefined;
  for (let id = 0; id < part.okCount; id++) {
    if (first !== undefined && part.nodePos[part.returnNode[id]] > part.nodePos[part.returnNode[first]]) continue;
    if (states.every((state) => model.step(state, part.inputs[id], part.outputs[id]) === ILLEGAL)) first = id;
  }
  return first === undefined ? undefined : { id: first, states: states.map((s) => model.describeState(s)) };
}
