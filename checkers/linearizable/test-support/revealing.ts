import type { Op, OpType } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';

// Tiny histories whose reads reveal the state, for checking the revealed-order shortcut
// against the brute-force oracle: kv keys written and appended with unique values (from a
// pool of plain tokens, or of tokens that overlap so that some reads cut two ways) and sets
// with unique elements. A simulated store makes them linearizable; corruptions then break
// some reads the ways a buggy store would.

export interface RevealingOptions {
  seed: number;
  model: 'kv' | 'set';
  operations: number;
  processes: number;
  /** kv: tokens that may be read more than one way ("a" "b" "ab"), or plain ones. */
  overlapping?: boolean;
  /** kv: share of writes (the rest of the non-reads are appends). */
  putRate?: number;
  infoRate?: number;
  failRate?: number;
  /** Chance each ok read is corrupted. */
  corruption?: number;
  /** kv: the key's value before any write (null: absent). */
  initial?: string | null;
}

const PLAIN = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const OVERLAPPING = ['a', 'b', 'ab', 'ba', 'aa', 'bb', 'abc', 'c', 'ca', 'bc'];

interface Planned {
  process: number;
  f: string;
  value: unknown;
  invoke: number;
  effect: number;
  complete: number;
  outcome: 'ok' | 'info' | 'fail';
  applied: boolean;
  result?: unknown;
}

export function revealingHistory(options: RevealingOptions): Op[] {
  const rng = new Rng(options.seed);
  const tokens = rng.shuffle(options.overlapping ? OVERLAPPING : PLAIN);
  let next = 0;
  const clock = new Array<number>(options.processes).fill(0);
  const processOf = Array.from({ length: options.processes }, (_, i) => i);
  const planned: Planned[] = [];
  for (let i = 0; i < options.operations; i++) {
    const c = rng.int(0, options.processes - 1);
    const invoke = clock[c] + rng.int(1, 10);
    const duration = rng.int(1, 30);
    const read = rng.bool(0.45) || next >= tokens.length;
    const f = read ? 'read' : options.model === 'set' ? 'add' : rng.bool(options.putRate ?? 0.2) ? 'write' : 'append';
    const value = read ? null : options.model === 'set' ? next++ : tokens[next++];
    const roll = rng.float();
    const outcome = roll < (options.failRate ?? 0.05) ? 'fail' : roll < (options.failRate ?? 0.05) + (options.infoRate ?? 0.1) ? 'info' : 'ok';
    planned.push({ process: processOf[c], f, value, invoke, effect: invoke + rng.float() * duration, complete: invoke + duration, outcome, applied: outcome === 'ok' || (outcome === 'info' && rng.bool()) });
    clock[c] = invoke + duration;
    if (outcome === 'info') processOf[c] += options.processes;
  }
  // Apply in effect order.
  let kv: string | null = options.initial ?? null;
  const set = new Set<number>();
  for (const op of [...planned].sort((a, b) => a.effect - b.effect)) {
    if (!op.applied) continue;
    if (op.f === 'read') op.result = options.model === 'set' ? [...set].sort((a, b) => a - b) : kv;
    else if (op.f === 'add') set.add(op.value as number);
    else if (op.f === 'write') kv = op.value as string;
    else kv = (kv ?? '') + (op.value as string);
  }
  for (const op of planned) {
    if (op.f !== 'read' || op.outcome !== 'ok' || !rng.bool(options.corruption ?? 0.2)) continue;
    op.result = options.model === 'set' ? corruptSet(rng, op.result as number[], next) : corruptKv(rng, op.result as string | null, tokens.slice(0, next));
  }
  const events: { time: number; type: OpType; op: Planned }[] = [];
  for (const op of planned) {
    events.push({ time: op.invoke, type: 'invoke', op });
    events.push({ time: op.complete, type: op.outcome, op });
  }
  events.sort((a, b) => a.time - b.time || (a.type === 'invoke' ? 1 : 0) - (b.type === 'invoke' ? 1 : 0));
  return events.map(({ time, type, op }, index) => ({
    index,
    time,
    type,
    process: op.process,
    f: op.f,
    value: op.f === 'read' ? (type === 'ok' ? (op.result ?? null) : null) : op.value,
  }));
}

function corruptKv(rng: Rng, seen: string | null, written: string[]): string | null {
  const choice = rng.int(0, 3);
  if (choice === 0) return null;
  if (choice === 1) return rng.shuffle(written).slice(0, rng.int(0, written.length)).join('');
  if (choice === 2 && seen !== null && seen.length > 1) return seen.slice(0, rng.int(0, seen.length - 1));
  return `${seen ?? ''}${rng.pick(written.length > 0 ? written : ['z'])}`;
}

function corruptSet(rng: Rng, seen: number[], added: number): number[] {
  const all = Array.from({ length: added + 1 }, (_, i) => i);
  if (rng.bool()) return rng.shuffle(all).slice(0, rng.int(0, all.length)).sort((a, b) => a - b);
  return seen.filter(() => rng.bool(0.7));
}
