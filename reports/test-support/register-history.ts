import type { Op } from '../../core/history.js';
import { Rng } from '../../core/rng.js';

// A simulated linearizable register store (read, write, cas per key) producing well-formed
// histories for report tests and the benchmark: each operation takes effect at one instant
// inside its interval, so the history is linearizable unless a stale-read window is asked for.

export interface RegisterSimulation {
  seed: number;
  operations: number;
  concurrency: number;
  keys: number;
  /** Mean latency and mean pause between a worker's operations, ms. */
  latencyMs?: number;
  thinkMs?: number;
  /** Fraction of operations that time out (info); a timed-out write takes effect half the time. */
  infoFraction?: number;
  /** Reads invoked in [from, to] seconds see the value from before the key's last write: a stale read. */
  staleReads?: { from: number; to: number };
  /** Nemesis events to interleave: [seconds, f, value]. */
  nemesis?: readonly (readonly [number, string, unknown])[];
  /** Optional node names to stamp on completions. */
  nodes?: readonly string[];
}

interface SimOp {
  process: number;
  key: number;
  f: 'read' | 'write' | 'cas';
  arg: unknown;
  start: number;
  point: number;
  end: number;
  timeout: boolean;
  applies: boolean;
  result?: unknown;
  ok?: boolean;
  node?: string;
}

const MS = 1e6;

export function simulateRegister(sim: RegisterSimulation): Op[] {
  const rng = new Rng(sim.seed);
  const latency = sim.latencyMs ?? 2;
  const think = sim.thinkMs ?? 1;
  const ops: SimOp[] = [];
  const clock = new Float64Array(sim.concurrency).fill(1 * MS);
  const process = Array.from({ length: sim.concurrency }, (_, w) => w);
  for (let n = 0; n < sim.operations; n++) {
    let w = 0;
    for (let i = 1; i < sim.concurrency; i++) if (clock[i] < clock[w]) w = i;
    const start = Math.round(clock[w] + rng.exponential(think * MS));
    const timeout = rng.bool(sim.infoFraction ?? 0);
    const end = start + Math.max(20_000, Math.round(timeout ? 50 * latency * MS : rng.exponential(latency * MS)));
    const choice = rng.int(0, 9);
    const f = choice < 5 ? 'read' : choice < 8 ? 'write' : 'cas';
    const arg = f === 'read' ? null : f === 'write' ? rng.int(0, 4) : [rng.int(0, 4), rng.int(0, 4)];
    const point = start + Math.floor((end - start) * rng.float());
    const node = sim.nodes?.length ? rng.pick(sim.nodes) : undefined;
    ops.push({ process: process[w], key: rng.int(1, sim.keys), f, arg, start, point, end, timeout, applies: !timeout || rng.bool(), node });
    clock[w] = end;
    // Jepsen's rule: after an unknown outcome the worker carries on as a fresh process.
    if (timeout) process[w] += sim.concurrency;
  }
  applyInOrder(ops, sim.staleReads);
  return toHistory(ops, sim.nemesis ?? []);
}

function applyInOrder(ops: SimOp[], stale: RegisterSimulation['staleReads']): void {
  const state = new Map<number, unknown>();
  const previous = new Map<number, unknown>();
  for (const op of [...ops].sort((a, b) => a.point - b.point)) {
    const current = state.has(op.key) ? state.get(op.key) : null;
    if (op.f === 'read') {
      const isStale = stale && op.start >= stale.from * 1e9 && op.start <= stale.to * 1e9 && previous.has(op.key);
      op.result = isStale ? previous.get(op.key) : current;
      op.ok = true;
    } else if (op.f === 'write') {
      if (op.applies) {
        previous.set(op.key, current);
        state.set(op.key, op.arg);
      }
      op.ok = true;
    } else {
      const [from, to] = op.arg as [number, number];
      op.ok = current === from;
      if (op.ok && op.applies) {
        previous.set(op.key, current);
        state.set(op.key, to);
      }
    }
  }
}

function toHistory(ops: SimOp[], nemesis: readonly (readonly [number, string, unknown])[]): Op[] {
  type Event = { time: number; make: (index: number) => Op };
  const events: Event[] = [];
  for (const op of ops) {
    const base = { process: op.process, f: op.f, key: op.key };
    events.push({ time: op.start, make: (index) => ({ index, time: op.start, type: 'invoke', ...base, value: op.arg }) });
    events.push({
      time: op.end,
      make: (index) => {
        const done: Op = op.timeout
          ? { index, time: op.end, type: 'info', ...base, value: op.arg, error: 'timeout' }
          : { index, time: op.end, type: op.ok ? 'ok' : 'fail', ...base, value: op.f === 'read' ? op.result : op.arg };
        if (op.node !== undefined) done.node = op.node;
        return done;
      },
    });
  }
  for (const [seconds, f, value] of nemesis) events.push({ time: Math.round(seconds * 1e9), make: (index) => ({ index, time: Math.round(seconds * 1e9), type: 'info', process: 'nemesis', f, value }) });
  // Stable sort: an invocation and completion at the same instant keep their order.
  events.sort((a, b) => a.time - b.time);
  return events.map((e, i) => e.make(i));
}
