import type { CompiledPartition } from './compile.js';
import { ILLEGAL, type Model, type RevealedOrder } from '../../core/model.js';
import { CallHeap } from './call-heap.js';
import type { SearchOrder } from './search.js';

// Deciding a history from what its reads reveal, in polynomial time, the way Elle recovers
// version orders instead of searching for them.
//
// When every read shows the whole state and every write is unique (kv appends of unique
// values, a set's unique elements), each read pins down which writes came before it and
// which after. The model turns that into "a precedes b" facts that hold in every legal order
// (RevealedOrder). Together with real time (a completed before b was invoked) they must be
// acyclic, or no order works: that is a proof, and the cycle is its explanation. If they
// are acyclic, one order respecting both is built greedily (any operation whose
// predecessors are placed and that no unplaced operation must precede in real time may go
// next; placing it never rules out an order that existed), and then replayed through the
// model: if every step is legal, that order is a linearization, a certificate. Only when the
// replay fails (the facts did not pin everything down, e.g. appends no read showed, after a
// write) does the caller fall back to the search, pruned by the same facts.

const NEVER = 0x7fffffff;
/** Block ordering adds an edge per member and ordered pair of blocks; beyond this, it is skipped. */
const MAX_BLOCK_EDGES = 4_000_000;

/**
 * One step of a cycle: `from` must precede `to`. `revealed`: a fact the reads show, in the
 * model's words (`why`). `realtime`: `from` completed before `to` was invoked. `block`:
 * `from` belongs to a block one of whose members (`witness[0]`) completed before a member
 * of `to`'s block (`witness[1]`) was invoked.
 */
export interface CycleStep {
  from: number;
  to: number;
  kind: 'revealed' | 'realtime' | 'block';
  why: string;
  witness?: [number, number];
}

export type RevealedVerdict =
  | { kind: 'none' }
  | { kind: 'impossible'; op: number; reason: string }
  | { kind: 'linearizable'; order: Int32Array }
  | { kind: 'cycle'; prefix: Int32Array; cycle: CycleStep[]; order: SearchOrder }
  | { kind: 'undecided'; order: SearchOrder };

interface Edges {
  from: number[];
  to: number[];
  /** Per edge: the model's edge index, or -1 - (index into the block witnesses). */
  source: number[];
}

type Explain = (edge: number) => Pick<CycleStep, 'kind' | 'why' | 'witness'>;

export function analyzeRevealedOrder<S, I, O>(part: CompiledPartition<I, O>, model: Model<S, I, O>): RevealedVerdict {
  if (!model.revealOrder || part.okCount === 0) return { kind: 'none' };
  const revelation = model.revealOrder({ n: part.n, okCount: part.okCount, inputs: part.inputs, outputs: part.outputs });
  if (revelation === undefined) return { kind: 'none' };
  if (revelation.kind === 'impossible') return revelation;
  const revealed = revelation.order;
  const n = part.n;
  const call = part.callPos;
  const ret = new Int32Array(n).fill(NEVER);
  for (let id = 0; id < part.okCount; id++) ret[id] = part.nodePos[part.returnNode[id]];
  // The operations every legal order places: the ok ones, and info ones some read shows.
  const placed = new Uint8Array(n);
  for (let id = 0; id < n; id++) placed[id] = id < part.okCount || revealed.required[id] === 1 ? 1 : 0;

  const edges: Edges = { from: [], to: [], source: [] };
  for (let e = 0; e < revealed.from.length; e++) {
    // A fact whose earlier end may never happen cannot hold up its later end.
    if (placed[revealed.from[e]] === 0) continue;
    edges.from.push(revealed.from[e]);
    edges.to.push(revealed.to[e]);
    edges.source.push(e);
  }
  const witnesses = orderBlocks(revealed, placed, call, ret, edges);
  const order = toSearchOrder(n, edges, placed);
  const why: Explain = (k) => {
    const source = edges.source[k];
    return source >= 0 ? { kind: 'revealed', why: revealed.why(source) } : { kind: 'block', why: '', witness: witnesses[-1 - source] };
  };

  const greedy = scheduleGreedily(n, placed, revealed.floating ?? new Uint8Array(n), call, ret, edges, why);
  if (greedy.cycle) return { kind: 'cycle', prefix: greedy.order, cycle: greedy.cycle, order };
  // Replay the order: a certificate only if the model accepts every step.
  let state = model.init();
  for (const id of greedy.order) {
    const after = model.step(state, part.inputs[id], part.outputs[id]);
    if (after === ILLEGAL) return { kind: 'undecided', order };
    state = after;
  }
  return { kind: 'linearizable', order: greedy.order };
}

/**
 * Blocks are unbroken stretches of every legal order, so if any member of one precedes any
 * member of another in real time, the whole first block precedes the second's first member.
 */
function orderBlocks(revealed: RevealedOrder, placed: Uint8Array, call: Int32Array, ret: Int32Array, edges: Edges): [number, number][] {
  const blocks = revealed.blocks.filter((b) => b.length > 0 && placed[b[0]] === 1);
  const why: [number, number][] = [];
  let size = 0;
  for (const b of blocks) size += b.length;
  if (size * blocks.length > MAX_BLOCK_EDGES) return why;
  const earliestReturn = blocks.map((b) => argBest(b, placed, (id) => -ret[id]));
  const latestCall = blocks.map((b) => argBest(b, placed, (id) => call[id]));
  for (let e = 0; e < blocks.length; e++) {
    for (let f = 0; f < blocks.length; f++) {
      if (e === f || ret[earliestReturn[e]] >= call[latestCall[f]]) continue;
      why.push([earliestReturn[e], latestCall[f]]);
      const reason = -why.length;
      for (const x of blocks[e]) {
        if (placed[x] === 0) continue;
        edges.from.push(x);
        edges.to.push(blocks[f][0]);
        edges.source.push(reason);
      }
    }
  }
  return why;
}

function argBest(block: Int32Array, placed: Uint8Array, score: (id: number) => number): number {
  let best = block[0];
  for (const id of block) if (placed[id] === 1 && score(id) > score(best)) best = id;
  return best;
}

/** An operation the search must never place: an info operation no read shows. */
const NEVER_PLACED = 1 << 30;

function toSearchOrder(n: number, edges: Edges, placed: Uint8Array): SearchOrder {
  const predecessors = new Int32Array(n);
  for (let id = 0; id < n; id++) if (placed[id] === 0) predecessors[id] = NEVER_PLACED;
  const successorStart = new Int32Array(n + 1);
  for (let k = 0; k < edges.from.length; k++) {
    predecessors[edges.to[k]]++;
    successorStart[edges.from[k] + 1]++;
  }
  for (let id = 0; id < n; id++) successorStart[id + 1] += successorStart[id];
  const fill = successorStart.slice(0, n);
  const successors = new Int32Array(edges.from.length);
  for (let k = 0; k < edges.from.length; k++) successors[fill[edges.from[k]]++] = edges.to[k];
  return { predecessors, successorStart, successors };
}

interface Schedule {
  order: Int32Array;
  cycle?: CycleStep[];
}

/**
 * Places every operation of `placed` in an order respecting the edges and real time: next
 * is the ready operation invoked first, unless an unplaced operation completed before it
 * was invoked. When that happens (or nothing is ready) no order exists, and a cycle says why.
 * Floating operations go only when real time leaves no later moment (or nothing else is left).
 */
function scheduleGreedily(n: number, placed: Uint8Array, floating: Uint8Array, call: Int32Array, ret: Int32Array, edges: Edges, why: Explain): Schedule {
  const waiting = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  const live: number[] = [];
  for (let k = 0; k < edges.from.length; k++) {
    if (placed[edges.to[k]] === 0) continue;
    live.push(k);
    waiting[edges.to[k]]++;
    outStart[edges.from[k] + 1]++;
    inStart[edges.to[k] + 1]++;
  }
  for (let id = 0; id < n; id++) {
    outStart[id + 1] += outStart[id];
    inStart[id + 1] += inStart[id];
  }
  const outEdge = new Int32Array(live.length);
  const inEdge = new Int32Array(live.length);
  const outFill = outStart.slice(0, n);
  const inFill = inStart.slice(0, n);
  for (const k of live) {
    outEdge[outFill[edges.from[k]]++] = k;
    inEdge[inFill[edges.to[k]]++] = k;
  }

  const members: number[] = [];
  for (let id = 0; id < n; id++) if (placed[id] === 1) members.push(id);
  const byReturn = Int32Array.from(members).sort((a, b) => ret[a] - ret[b]);
  const heap = new CallHeap(call, n);
  const floatingHeap = new CallHeap(call, n);
  const ready = (id: number) => (floating[id] === 1 ? floatingHeap : heap).push(id);
  for (const id of members) if (waiting[id] === 0) ready(id);
  const done = new Uint8Array(n);
  const order = new Int32Array(members.length);
  let count = 0;
  let earliest = 0;
  while (count < members.length) {
    while (earliest < byReturn.length && done[byReturn[earliest]] === 1) earliest++;
    const due = byReturn[earliest];
    // May go next: invoked before every unplaced operation's completion (or is that operation).
    const fits = (id: number) => id >= 0 && (id === due || call[id] < ret[due]);
    let next = heap.peek(done);
    if (floating[due] === 1 && waiting[due] === 0 && !(fits(next) && next !== due && call[next] < ret[due])) {
      // Real time leaves the floating operation no later moment.
      next = due;
    } else if (!fits(next)) {
      next = floatingHeap.peek(done);
      if (!fits(next)) {
        const anyReady = heap.peek(done) >= 0 || next >= 0;
        return { order: order.slice(0, count), cycle: findCycle(due, anyReady, done, waiting, inStart, inEdge, edges, why) };
      }
    }
    done[next] = 1;
    order[count++] = next;
    for (let e = outStart[next]; e < outStart[next + 1]; e++) {
      const to = edges.to[outEdge[e]];
      if (--waiting[to] === 0) ready(to);
    }
  }
  return { order };
}

/**
 * Walks back from `start` (unplaced) through unplaced predecessors. Reaching a ready
 * operation closes the cycle with real time (`start` completed before any ready operation
 * was invoked); revisiting an operation closes a cycle of revealed facts alone.
 */
function findCycle(
  start: number,
  realtimeCloses: boolean,
  done: Uint8Array,
  waiting: Int32Array,
  inStart: Int32Array,
  inEdge: Int32Array,
  edges: Edges,
  why: Explain,
): CycleStep[] {
  const path: number[] = [start];
  const via: number[] = [];
  const seenAt = new Map<number, number>([[start, 0]]);
  let current = start;
  for (;;) {
    if (realtimeCloses && waiting[current] === 0) {
      // current is ready, so invoked after `start` completed.
      const steps: CycleStep[] = [];
      for (let i = path.length - 1; i > 0; i--) steps.push({ from: path[i], to: path[i - 1], ...why(via[i - 1]) });
      steps.push({ from: start, to: current, kind: 'realtime', why: '' });
      return steps;
    }
    let edge = -1;
    for (let e = inStart[current]; e < inStart[current + 1]; e++) {
      if (done[edges.from[inEdge[e]]] === 0) {
        edge = inEdge[e];
        break;
      }
    }
    const previous = edges.from[edge];
    via.push(edge);
    path.push(previous);
    const seen = seenAt.get(previous);
    if (seen !== undefined) {
      // path[seen] ← … ← path[last] = previous: a cycle of facts.
      const steps: CycleStep[] = [];
      for (let i = path.length - 1; i > seen; i--) steps.push({ from: path[i], to: path[i - 1], ...why(via[i - 1]) });
      return steps;
    }
    seenAt.set(previous, path.length - 1);
    current = previous;
  }
}
