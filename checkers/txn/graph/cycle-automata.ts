import type { CycleAnomalyType } from '../consistency/anomalies.js';
import { KIND_COUNT, KIND_PROCESS, KIND_REALTIME, KIND_RW, KIND_WR, PROCESS, REALTIME, RW, WR, WW } from './edge-kinds.js';

// Each cycle anomaly is a regular constraint on the sequence of edge kinds around the
// cycle ("exactly one rw", "no two rw side by side", "at least one real-time edge"). A
// breadth-first search over (transaction, automaton state) pairs then finds the shortest
// cycle of exactly that type, with no classify-and-retry.

export type CycleShape = 'G0' | 'G1c' | 'G-single' | 'G-nonadjacent' | 'G2-item';
export type CycleVariant = 'none' | 'process' | 'realtime';

export interface CycleAutomaton {
  type: CycleAnomalyType;
  shape: CycleShape;
  variant: CycleVariant;
  /** Kind bits the cycle may use. */
  allowedKinds: number;
  /** Kind bits of which every cycle of this type has at least one edge (for picking start nodes). */
  requiredKinds: number[];
  stateCount: number;
  start: number;
  /** next[state * KIND_COUNT + kindIndex]: the following state, or -1 when that edge kind is not allowed here. */
  next: Int16Array;
  accepting: Uint8Array;
}

// State fields, packed into a small integer while the automaton is built.
const STARTED = 1;
const LAST_RW = 2;
const FIRST_RW = 4;
const ADJACENT_RW = 8;
const SAW_WR = 16;
const SAW_VARIANT = 32;
const RW_SHIFT = 6; // two bits: 0, 1, or 2 meaning "two or more"

function rwCount(s: number): number {
  return s >> RW_SHIFT;
}

function step(shape: CycleShape, variantKind: number, s: number, kind: number): number {
  const isVariant = kind === KIND_PROCESS || kind === KIND_REALTIME;
  if (isVariant && kind !== variantKind) return -1;
  if (kind === KIND_WR && shape === 'G0') return -1;
  const isRw = kind === KIND_RW;
  if (isRw) {
    if (shape === 'G0' || shape === 'G1c') return -1;
    if (shape === 'G-single' && rwCount(s) >= 1) return -1;
    if (shape === 'G-nonadjacent' && (s & LAST_RW) !== 0) return -1;
  }
  let out = s | STARTED;
  if ((s & STARTED) === 0 && isRw) out |= FIRST_RW;
  if (isRw && (s & LAST_RW) !== 0) out |= ADJACENT_RW;
  out = isRw ? out | LAST_RW : out & ~LAST_RW;
  if (kind === KIND_WR && shape === 'G1c') out |= SAW_WR;
  if (isVariant) out |= SAW_VARIANT;
  if (isRw) {
    const count = Math.min(2, rwCount(s) + 1);
    out = (out & ((1 << RW_SHIFT) - 1)) | (count << RW_SHIFT);
  }
  // Fields a shape does not test are dropped so that equivalent states coincide.
  if (shape !== 'G-nonadjacent' && shape !== 'G2-item') out &= ~(LAST_RW | FIRST_RW);
  if (shape !== 'G2-item') out &= ~ADJACENT_RW;
  return out;
}

function accepts(shape: CycleShape, needsVariant: boolean, s: number): boolean {
  if ((s & STARTED) === 0) return false;
  if (needsVariant && (s & SAW_VARIANT) === 0) return false;
  const rw = rwCount(s);
  const wrapsRw = (s & FIRST_RW) !== 0 && (s & LAST_RW) !== 0;
  switch (shape) {
    case 'G0':
      return true;
    case 'G1c':
      return (s & SAW_WR) !== 0;
    case 'G-single':
      return rw === 1;
    case 'G-nonadjacent':
      return rw >= 2 && !wrapsRw;
    case 'G2-item':
      return rw >= 2 && ((s & ADJACENT_RW) !== 0 || wrapsRw);
  }
}

export function cycleTypeName(shape: CycleShape, variant: CycleVariant): CycleAnomalyType {
  return (variant === 'none' ? shape : `${shape}-${variant}`) as CycleAnomalyType;
}

export function buildCycleAutomaton(shape: CycleShape, variant: CycleVariant): CycleAutomaton {
  const variantKind = variant === 'process' ? KIND_PROCESS : variant === 'realtime' ? KIND_REALTIME : -1;
  const ids = new Map<number, number>([[0, 0]]);
  const packed = [0];
  const transitions: number[] = [];
  for (let i = 0; i < packed.length; i++) {
    for (let k = 0; k < KIND_COUNT; k++) {
      const target = step(shape, variantKind, packed[i], k);
      if (target < 0) {
        transitions.push(-1);
        continue;
      }
      let id = ids.get(target);
      if (id === undefined) {
        id = packed.length;
        ids.set(target, id);
        packed.push(target);
      }
      transitions.push(id);
    }
  }
  const needsVariant = variant !== 'none';
  const accepting = new Uint8Array(packed.length);
  packed.forEach((s, i) => (accepting[i] = accepts(shape, needsVariant, s) ? 1 : 0));

  let allowedKinds = WW;
  if (shape !== 'G0') allowedKinds |= WR;
  if (shape !== 'G0' && shape !== 'G1c') allowedKinds |= RW;
  if (variant === 'process') allowedKinds |= PROCESS;
  if (variant === 'realtime') allowedKinds |= REALTIME;
  const requiredKinds: number[] = [];
  if (shape === 'G0') requiredKinds.push(WW);
  if (shape === 'G1c') requiredKinds.push(WR);
  if (shape !== 'G0' && shape !== 'G1c') requiredKinds.push(RW);
  if (variant === 'process') requiredKinds.push(PROCESS);
  if (variant === 'realtime') requiredKinds.push(REALTIME);

  return {
    type: cycleTypeName(shape, variant),
    shape,
    variant,
    allowedKinds,
    requiredKinds,
    stateCount: packed.length,
    start: 0,
    next: Int16Array.from(transitions),
    accepting,
  };
}

/** Every cycle type in the order we search: plain data cycles first, then process, then real time; worst shape first. */
export const CYCLE_AUTOMATA: readonly CycleAutomaton[] = (['none', 'process', 'realtime'] as const).flatMap((variant) =>
  (['G0', 'G1c', 'G-single', 'G-nonadjacent', 'G2-item'] as const).map((shape) => buildCycleAutomaton(shape, variant)),
);

/**
 * Names the type of a concrete cycle from the kind chosen for each edge, as Elle does:
 * the count and adjacency of rw edges decide the shape, any real-time (else process) edge
 * adds the suffix.
 */
export function classifyCycle(kindIndices: readonly number[]): CycleAnomalyType {
  const n = kindIndices.length;
  let rw = 0;
  let wr = 0;
  let adjacent = false;
  let realtime = false;
  let process = false;
  for (let i = 0; i < n; i++) {
    const k = kindIndices[i];
    if (k === KIND_RW) {
      rw++;
      if (kindIndices[(i + n - 1) % n] === KIND_RW && n > 1) adjacent = true;
    } else if (k === KIND_WR) wr++;
    else if (k === KIND_REALTIME) realtime = true;
    else if (k === KIND_PROCESS) process = true;
  }
  const shape: CycleShape = rw === 1 ? 'G-single' : rw > 1 ? (adjacent ? 'G2-item' : 'G-nonadjacent') : wr > 0 ? 'G1c' : 'G0';
  return cycleTypeName(shape, realtime ? 'realtime' : process ? 'process' : 'none');
}
