import type { CompiledPartition } from './compile.js';
import { ILLEGAL, type Model } from '../../core/model.js';
import { StateCache } from './state-cache.js';
import { mix32 } from './values.js';

// The Wing–Gong–Lowe search as Porcupine runs it, with Jepsen's `info` semantics.
//
// Walk the call/return list from the head: a call may be linearized next when no return
// comes before it. Linearizing unlinks its call and return (dancing links) and pushes it on a
// stack; reaching a return means that operation should already have been placed, so pop and
// try the next candidate. A cache of (linearized set, state) skips configurations already
// expanded.
//
// An `info` operation has no return: it may be placed at any point after its call, or never,
// so the search succeeds once every `ok` operation is placed. Info calls live in a list of
// their own, tried after the `ok` candidates (up to the same first return); among pending info
// operations that act identically only the earliest is tried (the others are interchangeable
// with it), which turns a blow-up over subsets into one over counts.
//
// Order constraints (from reads that reveal the state, see revealed-order.ts) prune further:
// an operation is tried only once every operation that must precede it is placed.

export interface SearchBudget {
  /** Wall-clock deadline, in Date.now() milliseconds (comparable across worker threads). */
  deadline: number;
  /** Most configurations to cache before answering unknown. */
  maxStates: number;
  /** Polled with the clock; true stops the search with an `aborted` unknown. */
  isAborted?: () => boolean;
  /** Model steps after which to stop (checked every 1024 steps): a deterministic time budget. */
  maxSteps?: number;
}

/**
 * "a precedes b" facts that hold in every legal linearization placing b (and a is placed
 * whenever b is), as a count of predecessors per operation and successor lists.
 */
export interface SearchOrder {
  predecessors: Int32Array;
  successorStart: Int32Array;
  successors: Int32Array;
}

/** The cache never holds more than this, whatever maxStates says. */
export const MAX_CACHE_BYTES = 1 << 30;

export type SearchOutcome =
  | { kind: 'linearizable'; explored: number; cached: number }
  | { kind: 'not-linearizable'; explored: number; cached: number; best: Int32Array }
  | {
      kind: 'budget';
      /** `steps`: maxSteps ran out, which only a caller that set it sees. */
      budget: 'time' | 'memory' | 'aborted' | 'steps';
      /** For `memory`: which limit, e.g. "5,000,000 cached states" or "1 GiB of cached states". */
      memoryLimit: string;
      explored: number;
      cached: number;
      best: Int32Array;
    };

const TIME_CHECK_MASK = 1023;

export function searchLinearization<S, I, O>(part: CompiledPartition<I, O>, model: Model<S, I, O>, budget: SearchBudget, order?: SearchOrder): SearchOutcome {
  const { n, okCount, inputs, outputs, bitWord, bitMask, callPos, nodeOp, nodeIsReturn, nodePos, callNode, returnNode, infoTail } = part;
  if (okCount === 0) return { kind: 'linearizable', explored: 0, cached: 0 };
  // Interchangeable info operations may differ in their order constraints: with those, try each.
  const twinPrev = order ? new Int32Array(n).fill(-1) : part.twinPrev;
  const waiting = order ? order.predecessors.slice() : null;
  const successorStart = order?.successorStart;
  const successors = order?.successors;
  const maxSteps = budget.maxSteps ?? Infinity;
  const next = part.next.slice();
  const prev = part.prev.slice();
  const infoNext = part.infoNext.slice();
  const infoPrev = part.infoPrev.slice();
  const bits = new Uint32Array(part.words);
  const zobrist = zobristKeys(okCount);
  const cache = new StateCache<S>(part.words, part.okWords, (a, b) => model.equal(a, b), model.stateBytes && ((s: S) => model.stateBytes?.(s) ?? 0));
  const maxStates = budget.maxStates;
  const stackOp = new Int32Array(n);
  const stackState: S[] = new Array(n);
  const stackLimit = new Int32Array(n);
  const best = new Int32Array(n);
  let bestLength = 0;
  let unchangedBelow = 0;
  let sp = 0;
  let state = model.init();
  let okHash = 0;
  let okLeft = okCount;
  let explored = 0;
  // Where the scan is: in the main list at `node`, or in the info list at `infoNode`
  // considering calls before event position `limit` (the first pending return).
  let inInfo = false;
  let node = next[0];
  let infoNode = 0;
  let limit = 0;

  for (;;) {
    let op: number;
    if (!inInfo) {
      if (nodeIsReturn[node] === 0) {
        op = nodeOp[node];
      } else {
        inInfo = true;
        limit = nodePos[node];
        infoNode = infoNext[part.infoHead];
        continue;
      }
    } else {
      while (infoNode !== infoTail) {
        const candidate = okCount + infoNode;
        if (callPos[candidate] > limit) {
          infoNode = infoTail;
          break;
        }
        const twin = twinPrev[candidate];
        if (twin < 0 || (bits[bitWord[twin]] & bitMask[twin]) !== 0) break;
        infoNode = infoNext[infoNode];
      }
      if (infoNode === infoTail) {
        // Every candidate failed: undo the last placement and try its next sibling.
        if (sp === 0) return { kind: 'not-linearizable', explored, cached: cache.size, best: best.slice(0, bestLength) };
        const undone = stackOp[--sp];
        state = stackState[sp];
        stackState[sp] = undefined as S;
        if (sp < unchangedBelow) unchangedBelow = sp;
        bits[bitWord[undone]] &= ~bitMask[undone];
        if (waiting !== null)
          for (let e = (successorStart as Int32Array)[undone]; e < (successorStart as Int32Array)[undone + 1]; e++) waiting[(successors as Int32Array)[e]]++;
        if (undone < okCount) {
          const ret = returnNode[undone];
          next[prev[ret]] = ret;
          prev[next[ret]] = ret;
          const call = callNode[undone];
          next[prev[call]] = call;
          prev[next[call]] = call;
          okHash ^= zobrist[undone];
          okLeft++;
          inInfo = false;
          node = next[call];
        } else {
          const at = undone - okCount;
          infoNext[infoPrev[at]] = at;
          infoPrev[infoNext[at]] = at;
          limit = stackLimit[sp];
          infoNode = infoNext[at];
        }
        continue;
      }
      op = okCount + infoNode;
    }

    if (waiting !== null && waiting[op] !== 0) {
      // Something that must come first is not placed yet.
      if (inInfo) infoNode = infoNext[infoNode];
      else node = next[node];
      continue;
    }
    const nextState = model.step(state, inputs[op], outputs[op]);
    if ((++explored & TIME_CHECK_MASK) === 0 && (Date.now() > budget.deadline || budget.isAborted?.() || explored > maxSteps)) {
      const which = budget.isAborted?.() ? 'aborted' : explored > maxSteps ? 'steps' : 'time';
      return { kind: 'budget', budget: which, memoryLimit: '', explored, cached: cache.size, best: best.slice(0, bestLength) };
    }
    if (nextState !== ILLEGAL) {
      const word = bitWord[op];
      const mask = bitMask[op];
      const isOk = op < okCount;
      const candidateHash = isOk ? okHash ^ zobrist[op] : okHash;
      bits[word] |= mask;
      if (cache.add(mix32(candidateHash + Math.imul(model.hash(nextState), 0x9e3779b1)), bits, nextState)) {
        if (cache.size > maxStates || cache.bytes > MAX_CACHE_BYTES) {
          const memoryLimit =
            cache.size > maxStates ? `${maxStates.toLocaleString('en-US')} cached states` : `${MAX_CACHE_BYTES / 2 ** 30} GiB of cached states`;
          return { kind: 'budget', budget: 'memory', memoryLimit, explored, cached: cache.size, best: best.slice(0, bestLength) };
        }
        stackOp[sp] = op;
        stackLimit[sp] = limit;
        stackState[sp++] = state;
        state = nextState;
        if (waiting !== null)
          for (let e = (successorStart as Int32Array)[op]; e < (successorStart as Int32Array)[op + 1]; e++) waiting[(successors as Int32Array)[e]]--;
        if (isOk) {
          okHash = candidateHash;
          if (--okLeft === 0) return { kind: 'linearizable', explored, cached: cache.size };
          const call = callNode[op];
          next[prev[call]] = next[call];
          prev[next[call]] = prev[call];
          const ret = returnNode[op];
          next[prev[ret]] = next[ret];
          prev[next[ret]] = prev[ret];
        } else {
          const at = op - okCount;
          infoNext[infoPrev[at]] = infoNext[at];
          infoPrev[infoNext[at]] = infoPrev[at];
        }
        if (sp > bestLength) {
          best.set(stackOp.subarray(unchangedBelow, sp), unchangedBelow);
          bestLength = sp;
          unchangedBelow = sp;
        }
        inInfo = false;
        node = next[0];
        continue;
      }
      bits[word] &= ~mask;
    }
    if (inInfo) infoNode = infoNext[infoNode];
    else node = next[node];
  }
}

/** Fixed random keys per `ok` operation, so the set's hash updates with one xor per change. */
function zobristKeys(n: number): Int32Array {
  const keys = new Int32Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    keys[i] = mix32(x + i);
  }
  return keys;
}
