import type { Key, Op, OpType } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';

// Histories shaped like real fault-injection runs, made by simulating a linearizable store:
// client slots invoke operations, each takes effect at one instant between its invocation and
// completion, and some clients crash (`info`) before or after their operation took effect.
// An operation that crashed before taking effect may still take effect later, as a timed-out
// request does. The result is linearizable by construction; `corrupt` then breaks a read.

export interface SimulationOptions {
  seed: number;
  /** Concurrent client slots; a crashed client's slot continues as a new process. */
  processes: number;
  /** Invocations to make. */
  operations: number;
  /** Fraction of operations that end `info`. */
  infoRate: number;
  /** Which operations to generate. */
  mix: 'cas-register' | 'kv';
  /** Keys to spread operations over; 0 for none. */
  keys: number;
  /** Distinct values written (cas-register). */
  values: number;
}

type Phase = 'invoked' | 'applied';

interface Pending {
  process: number;
  f: string;
  key: Key | undefined;
  value: unknown;
  phase: Phase;
  result: unknown;
  failed: boolean;
}

export function simulateHistory(options: SimulationOptions): Op[] {
  const rng = new Rng(options.seed);
  const store = new Map<Key | undefined, unknown>();
  const history: Op[] = [];
  const slots: Array<Pending | undefined> = new Array(options.processes).fill(undefined);
  const processOf = Array.from({ length: options.processes }, (_, i) => i);
  const ghosts: Pending[] = [];
  let invoked = 0;
  let time = 0;
  let appendCounter = 0;

  const emit = (type: OpType, p: Pending, value: unknown) => {
    time += 1 + rng.int(0, 2000);
    const op: Op = { index: history.length, time, type, process: p.process, f: p.f, value };
    if (p.key !== undefined) op.key = p.key;
    history.push(op);
  };
  const apply = (p: Pending) => {
    const current = store.has(p.key) ? store.get(p.key) : null;
    if (p.f === 'read') p.result = current;
    else if (p.f === 'write') store.set(p.key, p.value);
    else if (p.f === 'append') store.set(p.key, (current === null ? '' : String(current)) + String(p.value));
    else if (p.f === 'cas') {
      const [from, to] = p.value as [unknown, unknown];
      if (current === from) store.set(p.key, to);
      else p.failed = true;
    }
    p.phase = 'applied';
  };
  const newOperation = (slot: number): Pending => {
    const key = options.keys > 0 ? `k${rng.int(0, options.keys - 1)}` : undefined;
    const roll = rng.float();
    const v = () => rng.int(0, options.values - 1);
    let f: string;
    let value: unknown;
    if (options.mix === 'cas-register') {
      [f, value] = roll < 0.4 ? ['read', null] : roll < 0.7 ? ['write', v()] : ['cas', [v(), v()]];
    } else {
      [f, value] = roll < 0.5 ? ['read', null] : roll < 0.75 ? ['write', `w${v()}`] : ['append', `a${appendCounter++}`];
    }
    return { process: processOf[slot], f, key, value, phase: 'invoked', result: undefined, failed: false };
  };

  while (invoked < options.operations || slots.some((s) => s !== undefined)) {
    if (ghosts.length > 0 && rng.bool(0.02)) apply(ghosts.splice(rng.int(0, ghosts.length - 1), 1)[0]);
    const slot = rng.int(0, options.processes - 1);
    const p = slots[slot];
    if (p === undefined) {
      if (invoked >= options.operations) continue;
      const op = newOperation(slot);
      slots[slot] = op;
      invoked++;
      emit('invoke', op, op.value);
      continue;
    }
    if (rng.bool(options.infoRate / 2)) {
      // The client times out: the operation may already have happened, or may happen later.
      if (p.phase === 'invoked') ghosts.push(p);
      emit('info', p, p.f === 'read' ? null : p.value);
      slots[slot] = undefined;
      processOf[slot] += options.processes;
      continue;
    }
    if (p.phase === 'invoked') {
      apply(p);
      continue;
    }
    emit(p.failed ? 'fail' : 'ok', p, p.f === 'read' ? p.result : p.value);
    slots[slot] = undefined;
  }
  return history;
}

/**
 * Changes one ok read: `stale` makes it see another of the `values` a cas-register holds (a
 * plausible bug, often but not always non-linearizable); otherwise a value nobody wrote.
 */
export function corruptRead(history: readonly Op[], seed: number, how: { stale: boolean; values: number }): Op[] {
  const rng = new Rng(seed);
  const out = history.map((op) => ({ ...op }));
  const reads = out.filter((op) => op.type === 'ok' && op.f === 'read');
  if (reads.length === 0) return out;
  const read = reads[rng.int(0, reads.length - 1)];
  if (typeof read.value === 'number' || (read.value === null && how.stale)) {
    const seen = typeof read.value === 'number' ? read.value : -1;
    read.value = how.stale ? (seen + 1 + rng.int(0, how.values - 2)) % how.values : seen + 1000;
  } else {
    read.value = `${read.value ?? ''}!`;
  }
  return out;
}
