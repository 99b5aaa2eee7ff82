import type { Rng } from '../../../core/rng.js';
import type { SimModel, SimOutcome, SimulationOptions } from '../../test-support/index.js';

// Tiny histories whose reads reveal the state, for checking the revealed-order shortcut
// against the brute-force oracle, from the shared simulate(): kv keys written and appended
// with unique values (from a pool of plain tokens, or of tokens that overlap so that some
// reads cut two ways) and sets with unique elements. The simulated store is linearizable;
// corruption then breaks some reads the ways a buggy store would.

export interface RevealingOptions {
  model: 'kv' | 'set';
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

/** Short requests and pauses, so that a handful of operations overlap in many ways. */
export const REVEALING_TIMING: Pick<SimulationOptions, 'duration' | 'think'> = {
  duration: (_op, rng) => rng.int(1, 30),
  think: (rng) => rng.int(1, 10),
};

export function revealingModel(options: RevealingOptions): SimModel {
  const failRate = options.failRate ?? 0.05;
  const infoRate = options.infoRate ?? 0.1;
  let tokens: string[] | undefined;
  let used = 0;
  let kv: string | null = options.initial ?? null;
  const set = new Set<number>();
  const read = (): unknown => (options.model === 'set' ? [...set].sort((a, b) => a - b) : kv);
  return {
    next(_worker, rng) {
      tokens ??= rng.shuffle(options.overlapping ? OVERLAPPING : PLAIN);
      if (rng.bool(0.45) || used >= tokens.length) return { f: 'read', value: null };
      if (options.model === 'set') return { f: 'add', value: used++ };
      return { f: rng.bool(options.putRate ?? 0.2) ? 'write' : 'append', value: tokens[used++] };
    },
    apply(op, _worker, rng): SimOutcome {
      const roll = rng.float();
      const type = roll < failRate ? 'fail' : roll < failRate + infoRate ? 'info' : 'ok';
      if (type === 'fail' || (type === 'info' && !rng.bool())) return { type, value: op.value };
      if (op.f === 'read') {
        if (type === 'info') return { type, value: null };
        const seen = read();
        if (!rng.bool(options.corruption ?? 0.2)) return { type, value: seen };
        const written = (tokens ?? []).slice(0, used);
        return { type, value: options.model === 'set' ? corruptSet(rng, seen as number[], used) : corruptKv(rng, seen as string | null, written) };
      }
      if (op.f === 'add') set.add(op.value as number);
      else if (op.f === 'write') kv = op.value as string;
      else kv = (kv ?? '') + (op.value as string);
      return { type, value: op.value };
    },
  };
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
  if (rng.bool())
    return rng
      .shuffle(all)
      .slice(0, rng.int(0, all.length))
      .sort((a, b) => a - b);
  return seen.filter(() => rng.bool(0.7));
}
