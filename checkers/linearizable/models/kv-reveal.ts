import type { RevealInput, Revelation } from '../../../core/model.js';
import { showCanonical, type Canonical } from '../values.js';
import { APPEND, READ, WRITE, type InitialRules, type RegisterInput } from './register.js';

// What kv reads reveal when every write and append stores a value no other one stores
// (Porcupine's kv tests, Jepsen's append workloads): a read's string can then be cut in only
// one way into the write it starts from (or the initial value) and the appends after it, in
// order. So each read fixes its write, the appends before it and the first append after it;
// and a write with the appends and reads that show it forms a block no other write's block
// can interleave with. Anything that spoils that (a cas, a repeated value, a read that cuts
// two ways) reveals nothing here and leaves the history to the search.

/** A kv operation as the kv model encodes it (kv.ts). */
export interface KvInput extends RegisterInput {
  /** Hash of the value a write or cas stores, or of the appended suffix. */
  argHash: number;
  /** For an append: the polynomial base raised to the suffix's length. */
  shift: number;
}

const INIT = -1;

interface Cut {
  /** The write the state starts from, or INIT. */
  base: number;
  /** The appends after it, in order. */
  appends: number[];
}

type Parsed = Cut | 'ambiguous' | 'impossible';

export function revealKvOrder(rules: InitialRules, ops: RevealInput<KvInput, Canonical>): Revelation | undefined {
  const { n, okCount, inputs, outputs } = ops;
  const initial = rules.initial;
  if (initial !== null && !isPlainString(initial)) return undefined;
  const writes = new Map<string, number>();
  const appends = new Map<string, number>();
  const appendLengths = new Set<number>();
  const writeLengths = new Set<number>();
  const puts: number[] = [];
  for (let id = 0; id < n; id++) {
    const { kind, arg } = inputs[id];
    if (kind === READ) continue;
    if ((kind !== WRITE && kind !== APPEND) || !isPlainString(arg) || arg === '' || writes.has(arg) || appends.has(arg)) return undefined;
    if (kind === WRITE) {
      writes.set(arg, id);
      writeLengths.add(arg.length);
      puts.push(id);
    } else {
      appends.set(arg, id);
      appendLengths.add(arg.length);
    }
  }
  const lengths = [...appendLengths];
  const memo = new Map<string, Parsed>();
  const parse = (value: Canonical): Parsed => {
    if (value === null) return { base: INIT, appends: [] };
    if (!isPlainString(value)) return 'impossible';
    let cut = memo.get(value);
    if (cut === undefined) memo.set(value, (cut = cutRead(value, initial, writes, writeLengths, appends, lengths)));
    return cut;
  };

  // Group the reads by the write they start from; within a group the appends they show are
  // prefixes of one chain, the longest read's.
  const groups = new Map<number, { reads: number[]; cuts: Cut[]; longest: number }>();
  for (let id = 0; id < okCount; id++) {
    if (inputs[id].kind !== READ) continue;
    const cut = parse(outputs[id]);
    if (cut === 'impossible')
      return {
        kind: 'impossible',
        op: id,
        reason: `read ${showCanonical(outputs[id])} is neither the initial value nor a written value followed by appended ones, each appended once`,
      };
    // A read that cuts two ways may show crashed appends no other read shows, and those could
    // not then be left out: this key is left to the search.
    if (cut === 'ambiguous') return undefined;
    let group = groups.get(cut.base);
    if (!group) groups.set(cut.base, (group = { reads: [], cuts: [], longest: 0 }));
    group.reads.push(id);
    group.cuts.push(cut);
    if (cut.appends.length > group.cuts[group.longest].appends.length) group.longest = group.cuts.length - 1;
  }

  const from: number[] = [];
  const to: number[] = [];
  const reasons: string[] = [];
  const edge = (a: number, b: number, why: string) => {
    from.push(a);
    to.push(b);
    reasons.push(why);
  };
  const required = new Uint8Array(n);
  const groupOf = new Int32Array(n).fill(NONE);
  const initChain = new Uint8Array(n);
  for (const a of groups.get(INIT)?.cuts[groups.get(INIT)?.longest ?? 0].appends ?? []) initChain[a] = 1;
  const laterAppends = [...appends.values()].filter((a) => initChain[a] === 0);
  const blocks: Int32Array[] = [];
  for (const [base, group] of groups) {
    const chain = group.cuts[group.longest].appends;
    const chainReader = group.reads[group.longest];
    for (let i = 0; i < group.reads.length; i++) {
      const shown = group.cuts[i].appends;
      for (let k = 0; k < shown.length; k++) {
        if (shown[k] !== chain[k]) {
          return {
            kind: 'impossible',
            op: group.reads[i],
            reason: `read ${showCanonical(outputs[group.reads[i]])} disagrees with read ${showCanonical(outputs[chainReader])} on the order of the appends after the same write`,
          };
        }
      }
    }
    for (const a of chain) {
      if (groupOf[a] !== NONE && groupOf[a] !== base) {
        return { kind: 'impossible', op: chainReader, reason: `the append of ${showCanonical(inputs[a].arg)} shows after two different writes in two reads` };
      }
      groupOf[a] = base;
      required[a] = 1;
    }
    if (base !== INIT) {
      required[base] = 1;
      if (chain.length > 0) edge(base, chain[0], 'the append shows right after the write');
    }
    for (let k = 1; k < chain.length; k++) edge(chain[k - 1], chain[k], `the appends show in this order in read ${showCanonical(outputs[chainReader])}`);
    for (let i = 0; i < group.reads.length; i++) {
      const read = group.reads[i];
      const k = group.cuts[i].appends.length;
      if (k > 0) edge(chain[k - 1], read, 'the read shows the append');
      else if (base !== INIT) edge(base, read, 'the read shows the write');
      if (k < chain.length) edge(read, chain[k], 'the read does not show the append, which comes right after what it shows');
      if (base === INIT) {
        // Nothing was written before it: every write came later, and so did every append it does
        // not show (those in its own chain follow through the chain).
        for (const p of puts) edge(read, p, 'the read shows no write, so the write came after it');
        for (const a of laterAppends) edge(read, a, 'the read shows no write and not this append, so the append came after it');
      }
    }
    if (base !== INIT) blocks.push(Int32Array.from([base, ...chain, ...group.reads]));
  }
  // Writes no read shows are blocks of their own; appends no read shows fit only where no read
  // follows before a write, so they float.
  for (const p of puts) if (!groups.has(p)) blocks.push(Int32Array.of(p));
  const floating = new Uint8Array(n);
  for (const a of appends.values()) if (a < okCount && groupOf[a] === NONE) floating[a] = 1;
  return { kind: 'order', order: { from: Int32Array.from(from), to: Int32Array.from(to), required, blocks, floating, why: (e) => reasons[e] } };
}

const NONE = -2;

function isPlainString(value: Canonical): value is string {
  return typeof value === 'string' && !value.startsWith('\u0000');
}

/** Work allowed for telling one way of cutting a read from several; beyond it the read counts as ambiguous. */
const MAX_CUT_STEPS = 10_000;

/**
 * The one way to read `value` as a start (the initial value or a written one) followed by
 * distinct appended values; 'ambiguous' when there are several, 'impossible' when none.
 */
function cutRead(
  value: string,
  initial: Canonical,
  writes: ReadonlyMap<string, number>,
  writeLengths: ReadonlySet<number>,
  appends: ReadonlyMap<string, number>,
  lengths: readonly number[],
): Parsed {
  // ways[i]: whether value[i..] splits into appended values at all (repeats allowed), so the
  // walk below never enters a dead end.
  const ways = new Uint8Array(value.length + 1);
  ways[value.length] = 1;
  for (let i = value.length - 1; i >= 0; i--) {
    for (const len of lengths) {
      if (i + len <= value.length && ways[i + len] === 1 && appends.has(value.substr(i, len))) {
        ways[i] = 1;
        break;
      }
    }
  }
  const starts: { base: number; offset: number }[] = [];
  const start = initial === null ? '' : (initial as string);
  // From the initial value; a null one stays null (not "") until the first append.
  if (value.startsWith(start) && ways[start.length] === 1 && !(initial === null && value === '')) starts.push({ base: INIT, offset: start.length });
  for (const len of writeLengths) {
    if (len > value.length || ways[len] === 0) continue;
    const write = writes.get(value.substr(0, len));
    if (write !== undefined) starts.push({ base: write, offset: len });
  }
  // Walk every cut with distinct appends, stopping at the second one found.
  let found: Cut | undefined;
  let count = 0;
  let steps = 0;
  const used = new Set<number>();
  const path: number[] = [];
  const walk = (i: number, base: number): void => {
    if (count > 1 || ++steps > MAX_CUT_STEPS) return;
    if (i === value.length) {
      if (++count === 1) found = { base, appends: path.slice() };
      return;
    }
    for (const len of lengths) {
      if (i + len > value.length || ways[i + len] === 0) continue;
      const id = appends.get(value.substr(i, len));
      if (id === undefined || used.has(id)) continue;
      used.add(id);
      path.push(id);
      walk(i + len, base);
      path.pop();
      used.delete(id);
    }
  };
  for (const s of starts) walk(s.offset, s.base);
  if (steps > MAX_CUT_STEPS || count > 1) return 'ambiguous';
  return found ?? 'impossible';
}
