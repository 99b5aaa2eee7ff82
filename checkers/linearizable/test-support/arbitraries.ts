import fc from 'fast-check';
import type { Key, Op } from '../../../core/history.js';

// Random small histories for property tests: up to 8 operations, each on its own process,
// with random outcomes (ok, fail, info, or never completed) and a random interleaving of
// invocations and completions. Values come from tiny domains so that both linearizable and
// non-linearizable histories are common.

export interface SpecOp {
  f: string;
  value: unknown;
  /** What an ok completion reports (reads, dequeues); the invocation value otherwise. */
  output: unknown;
  outcome: 'ok' | 'fail' | 'info' | 'open';
  key?: Key;
}

const outcome = fc.constantFrom<SpecOp['outcome']>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'info', 'info', 'fail', 'open');
const small = fc.constantFrom(0, 1, 2);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null));

function op(f: string, value: fc.Arbitrary<unknown>, output: fc.Arbitrary<unknown>): fc.Arbitrary<SpecOp> {
  return fc.record({ f: fc.constant(f), value, output, outcome });
}

function withSameOutput(f: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<SpecOp> {
  return value.chain((v) => op(f, fc.constant(v), fc.constant(v)));
}

const registerRead = op('read', fc.constant(null), maybe(small));
const registerWrite = withSameOutput('write', small);
const cas = withSameOutput('cas', fc.tuple(small, small));

/** A multi-register txn: the invocation's micro-ops (reads of nil), and the completion's with what each read saw. */
const microOps = fc.array(fc.tuple(fc.constantFrom('read', 'write'), fc.constantFrom('x', 'y'), small, maybe(small)), { minLength: 1, maxLength: 3 });
const txn = microOps.chain((mops) =>
  op('txn', fc.constant(mops.map(([f, k, v]) => [f, k, f === 'read' ? null : v])), fc.constant(mops.map(([f, k, v, seen]) => [f, k, f === 'read' ? seen : v]))),
);

const text = fc.constantFrom('x', 'y');
const kvValue = fc.constantFrom(null, 'x', 'y', 'xy', 'yx', 'xx');

const setRead = fc.subarray([1, 2, 3]).chain((xs) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }));

export const OPERATIONS: Record<string, fc.Arbitrary<SpecOp>> = {
  register: fc.oneof(registerRead, registerWrite),
  'cas-register': fc.oneof(registerRead, registerWrite, cas),
  kv: fc.oneof(
    op('read', fc.constant(null), kvValue),
    withSameOutput('write', text),
    withSameOutput('append', text),
    withSameOutput('cas', fc.tuple(kvValue, text)),
  ),
  'multi-register': txn,
  set: fc.oneof(withSameOutput('add', fc.constantFrom(1, 2, 3)), op('read', fc.constant(null), setRead)),
  'fifo-queue': fc.oneof(withSameOutput('enqueue', fc.constantFrom(1, 2, 3)), op('dequeue', fc.constant(null), maybe(fc.constantFrom(1, 2, 3)))),
  mutex: fc.oneof(withSameOutput('acquire', fc.constant(null)), withSameOutput('release', fc.constant(null))),
};

/** Ops with (or without) keys, and a stream of choices that fixes the interleaving. */
export function specHistory(model: string, keyed: boolean): fc.Arbitrary<{ ops: SpecOp[]; schedule: number[] }> {
  const withKey = keyed ? fc.tuple(OPERATIONS[model], fc.constantFrom<Key>('a', 'b')).map(([o, key]) => ({ ...o, key })) : OPERATIONS[model];
  return fc.record({
    ops: fc.array(withKey, { minLength: 1, maxLength: 8 }),
    schedule: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
  });
}

/** Lays the operations out as a history: each invocation before its completion, otherwise in the order the schedule picks. */
export function toHistory({ ops, schedule }: { ops: SpecOp[]; schedule: number[] }): Op[] {
  const pending: Array<{ op: number; completion: boolean }> = ops.map((_, i) => ({ op: i, completion: false }));
  const out: Op[] = [];
  let choice = 0;
  while (pending.length > 0) {
    const pick = schedule[choice++ % schedule.length] % pending.length;
    const [event] = pending.splice(pick, 1);
    const spec = ops[event.op];
    const base = { index: out.length, time: out.length * 1000, process: event.op, f: spec.f, ...(spec.key !== undefined ? { key: spec.key } : {}) };
    if (!event.completion) {
      const readLike = spec.f === 'read' || spec.f === 'dequeue';
      out.push({ ...base, type: 'invoke', value: readLike ? null : spec.value });
      if (spec.outcome !== 'open') pending.push({ op: event.op, completion: true });
    } else {
      const type = spec.outcome === 'open' ? 'info' : spec.outcome;
      const readLike = spec.f === 'read' || spec.f === 'dequeue';
      out.push({ ...base, type, value: type === 'ok' || !readLike ? spec.output : null });
    }
  }
  return out;
}
