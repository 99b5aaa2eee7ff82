import type { CompiledPartition } from './compile.js';
import { ILLEGAL, type Model } from './model.js';
import { StateCache } from './state-cache.js';
import { mix32 } from './values.js';

// The Wing–Gong–Lowe search as Porcupine runs it. Walk the call/return list from the head:
// a call may be linearized next when every call before it is too and no return comes first.
// Linearizing an operation unlinks its call and return (dancing links) and pushes it on a
// stack; reaching a return means that operation should already have been placed, so pop and
// try the next candidate. A cache of (linearized bitset, state) skips configurations already
// expanded. Jepsen's `info` operations have no return node: each may be placed at any point
// after its call or never, so the search succeeds once every `ok` operation is placed.

export interface SearchBudget {
  /** Wall-clock deadline, in Date.now() milliseconds (comparable across worker threads). */
  deadline: number;
  /** Most (bitset, state) pairs to cache before answering unknown. */
  maxStates: number;
  /** Polled with the clock; true stops the search with an `aborted` unknown. */
  isAborted?: () => boolean;
}

/** The cache never holds more bitset bytes than this, whatever maxStates says. */
export const MAX_CACHE_BYTES = 1 << 30;

export type SearchOutcome =
  | { kind: 'linearizable'; explored: number; cached: number }
  | { kind: 'not-linearizable'; explored: number; cached: number; best: Int32Array }
  | { kind: 'budget'; budget: 'time' | 'memory' | 'aborted'; stateLimit: number; explored: number; cached: number; best: Int32Array };

const TIME_CHECK_MASK = 1023;

export function effectiveStateLimit(maxStates: number, operations: number): number {
  const words = Math.max(1, Math.ceil(operations / 32));
  return Math.max(1, Math.min(maxStates, Math.floor(MAX_CACHE_BYTES / StateCache.bytesPerEntry(words))));
}

export function searchLinearization<S, I, O>(part: CompiledPartition<I, O>, model: Model<S, I, O>, budget: SearchBudget): SearchOutcome {
  const { n, inputs, outputs, isOk, nodeOp, nodeIsReturn, callNode, returnNode } = part;
  const next = part.next.slice();
  const prev = part.prev.slice();
  if (part.okCount === 0) return { kind: 'linearizable', explored: 0, cached: 0 };
  const words = Math.max(1, Math.ceil(n / 32));
  const bits = new Uint32Array(words);
  const zobrist = zobristKeys(n);
  const cache = new StateCache<S>(words, (a, b) => model.equal(a, b));
  const stateLimit = effectiveStateLimit(budget.maxStates, n);
  const stackOp = new Int32Array(n);
  const stackState: S[] = new Array(n);
  const best = new Int32Array(n);
  let bestLength = 0;
  let unchangedBelow = 0;
  let sp = 0;
  let state = model.init();
  let setHash = 0;
  let okLeft = part.okCount;
  let explored = 0;
  let node = next[0];

  for (;;) {
    if (nodeIsReturn[node] === 1) {
      if (sp === 0) return { kind: 'not-linearizable', explored, cached: cache.size, best: best.slice(0, bestLength) };
      const op = stackOp[--sp];
      state = stackState[sp];
      stackState[sp] = undefined as S;
      if (sp < unchangedBelow) unchangedBelow = sp;
      const call = callNode[op];
      const ret = returnNode[op];
      if (ret >= 0) {
        next[prev[ret]] = ret;
        prev[next[ret]] = ret;
      }
      next[prev[call]] = call;
      prev[next[call]] = call;
      bits[op >>> 5] &= ~(1 << (op & 31));
      setHash ^= zobrist[op];
      okLeft += isOk[op];
      node = next[call];
      continue;
    }
    const op = nodeOp[node];
    const nextState = model.step(state, inputs[op], outputs[op]);
    if ((++explored & TIME_CHECK_MASK) === 0 && (Date.now() > budget.deadline || budget.isAborted?.())) {
      const which = budget.isAborted?.() ? 'aborted' : 'time';
      return { kind: 'budget', budget: which, stateLimit, explored, cached: cache.size, best: best.slice(0, bestLength) };
    }
    if (nextState !== ILLEGAL) {
      const word = op >>> 5;
      const bit = 1 << (op & 31);
      const candidateHash = setHash ^ zobrist[op];
      bits[word] |= bit;
      if (cache.add(mix32(candidateHash + Math.imul(model.hash(nextState as S), 0x9e3779b1)), bits, nextState as S)) {
        if (cache.size > stateLimit) {
          return { kind: 'budget', budget: 'memory', stateLimit, explored, cached: cache.size, best: best.slice(0, bestLength) };
        }
        stackOp[sp] = op;
        stackState[sp++] = state;
        state = nextState as S;
        setHash = candidateHash;
        okLeft -= isOk[op];
        if (okLeft === 0) return { kind: 'linearizable', explored, cached: cache.size };
        if (sp > bestLength) {
          best.set(stackOp.subarray(unchangedBelow, sp), unchangedBelow);
          bestLength = sp;
          unchangedBelow = sp;
        }
        const call = callNode[op];
        next[prev[call]] = next[call];
        prev[next[call]] = prev[call];
        const ret = returnNode[op];
        if (ret >= 0) {
          next[prev[ret]] = next[ret];
          prev[next[ret]] = prev[ret];
        }
        node = next[0];
        continue;
      }
      bits[word] &= ~bit;
    }
    node = next[node];
  }
}

/** Fixed random keys per operation, so a set's hash updates with one xor per change. */
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
