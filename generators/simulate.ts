import type { Op, OpType } from '../core/history.js';
import { Rng } from '../core/rng.js';
import type { GenOp, GenStep, Generator } from '../core/generator.js';
import { WorkerTable } from './workers.js';

export interface SimulationOptions {
  concurrency: number;
  seed: number;
  withNemesis?: boolean;
  /** Latency of an operation in ns (default 1 ms). */
  latency?: (op: GenOp, rng: Rng) => number;
  /** Outcome of an operation (default ok, value unchanged). */
  complete?: (op: GenOp, rng: Rng) => { type: Exclude<OpType, 'invoke'>; value?: unknown };
  /** Stop after this many history events even if the generator goes on. */
  maxEvents?: number;
}

/**
 * Runs a generator against an imaginary system on a virtual clock: the same seed gives the
 * same history, with no processes, sockets or sleeps. Used to test generators and to show
 * a schedule without running it.
 */
export function simulate(generator: Generator, options: SimulationOptions): Op[] {
  let rng = new Rng(options.seed);
  const outcomeRng = new Rng(options.seed ^ 0x5bd1e995);
  const workers = new WorkerTable(options.concurrency, options.withNemesis ?? false);
  const latency = options.latency ?? (() => 1_000_000);
  const complete = options.complete ?? ((op: GenOp) => ({ type: 'ok' as const, value: op.value }));
  const maxEvents = options.maxEvents ?? 100_000;
  const history: Op[] = [];
  const inflight: { at: number; worker: number | 'nemesis'; op: GenOp }[] = [];
  let gen: Generator | null = generator;
  let now = 0;

  const record = (op: Op) => {
    history.push(op);
    if (gen) gen = gen.update(workers.context(now, rng), op);
  };

  while (history.length < maxEvents) {
    // As in the interpreter: draws count only when the answer is acted on.
    const trial = rng.clone();
    const step: GenStep = gen ? gen.op(workers.context(now, trial)) : null;
    const nextCompletion = inflight.length ? Math.min(...inflight.map((c) => c.at)) : Infinity;
    if (step === null) gen = null;
    // A pending answer may carry state (a sleep fixes its deadline when first asked).
    if (step?.type === 'pending') {
      gen = step.gen;
      rng = trial;
    }
    if (step?.type === 'op' && step.op.time <= now && step.op.time <= nextCompletion) {
      const worker = workers.claim(step.op.process);
      gen = step.gen;
      rng = trial;
      const invoke: Op = { index: history.length, time: now, type: 'invoke', process: step.op.process, f: step.op.f, value: step.op.value };
      if (step.op.key !== undefined) invoke.key = step.op.key;
      record(invoke);
      inflight.push({ at: now + latency(step.op, outcomeRng), worker, op: step.op });
      continue;
    }
    const wake = step?.type === 'op' ? step.op.time : step?.type === 'pending' ? (step.wakeAt ?? Infinity) : Infinity;
    const next = Math.min(wake, nextCompletion);
    if (next === Infinity) break;
    now = Math.max(now, next);
    if (nextCompletion <= now) {
      const i = inflight.findIndex((c) => c.at === nextCompletion);
      const [done] = inflight.splice(i, 1);
      const outcome = complete(done.op, outcomeRng);
      const op: Op = { index: history.length, time: now, type: outcome.type, process: done.op.process, f: done.op.f, value: outcome.value ?? done.op.value };
      if (done.op.key !== undefined) op.key = done.op.key;
      record(op);
      workers.release(done.worker);
      if (outcome.type === 'info') workers.retire(done.worker);
    }
  }
  return history;
}
