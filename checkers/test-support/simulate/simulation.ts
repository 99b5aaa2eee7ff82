import type { Key, Op } from '../../../harness/history.js';
import { Rng } from '../../../harness/rng.js';

/** An operation a simulated client asks for. */
export interface SimOp {
  f: string;
  value: unknown;
  key?: Key;
}

/** How a simulated operation ends; `info` retires the process, as in a real run. */
export interface SimOutcome {
  type: 'ok' | 'fail' | 'info';
  value: unknown;
  error?: string;
}

/**
 * A system and its clients in one: `next` picks a free worker's next operation, `apply`
 * performs it atomically at its effect point (somewhere between invocation and completion),
 * which is what makes the simulated system linearizable.
 */
export interface SimModel {
  next(worker: number, rng: Rng): SimOp | null;
  apply(op: SimOp, worker: number, rng: Rng): SimOutcome;
  /** Where the effect happens, 0 = at invocation, 1 = at completion; random when absent. */
  effectAt?(op: SimOp): number | undefined;
  /** Operations run one at a time after every worker has finished, such as final reads. */
  finalOps?(): SimOp[];
}

export interface SimulationOptions {
  seed: number;
  /** Operations to start (each is an invocation plus a completion), final operations not included. */
  operations: number;
  workers: number;
  /** Mean time from invocation to effect and from effect to completion. */
  meanLatencyMs?: number;
  /** Mean pause between a completion and the worker's next invocation. */
  meanThinkMs?: number;
}

/**
 * A discrete-event simulation of concurrent clients against a model, producing a
 * well-formed history. Each worker has at most one event pending, so the schedule is a
 * small heap of workers ordered by their next event time.
 */
export function simulate(model: SimModel, options: SimulationOptions): Op[] {
  const rng = new Rng(options.seed);
  const latencyNs = (options.meanLatencyMs ?? 1) * 1e6;
  const thinkNs = (options.meanThinkMs ?? 0.5) * 1e6;
  const { workers } = options;
  const history: Op[] = [];
  const process = Array.from({ length: workers }, (_, w) => w);
  const current: Array<SimOp | null> = new Array(workers).fill(null);
  const outcome: Array<SimOutcome | null> = new Array(workers).fill(null);
  const nextTime = new Float64Array(workers);
  // Time from a worker's effect to its completion, drawn at invocation.
  const remaining = new Float64Array(workers);
  // 0: invoke next, 1: take effect, 2: complete, 3: finished
  const phase = new Uint8Array(workers);
  let started = 0;
  let clock = 0;

  // Literal objects with the key added afterwards: object spread is slow at a million operations.
  const emit = (time: number, type: Op['type'], proc: number, op: SimOp, value: unknown, error?: string): void => {
    const event: Op = { index: history.length, time, type, process: proc, f: op.f, value };
    if (op.key !== undefined) event.key = op.key;
    if (error !== undefined) event.error = error;
    history.push(event);
  };
  const delay = (mean: number): number => Math.max(1, Math.round(rng.exponential(mean)));

  for (let w = 0; w < workers; w++) nextTime[w] = delay(thinkNs);
  for (;;) {
    let w = -1;
    for (let k = 0; k < workers; k++) if (phase[k] !== 3 && (w < 0 || nextTime[k] < nextTime[w])) w = k;
    if (w < 0) break;
    clock = nextTime[w];
    if (phase[w] === 0) {
      const op = started < options.operations ? model.next(w, rng) : null;
      if (op === null) {
        phase[w] = 3;
        continue;
      }
      started++;
      current[w] = op;
      emit(clock, 'invoke', process[w], op, op.value);
      const total = delay(latencyNs) + delay(latencyNs);
      const at = model.effectAt?.(op) ?? rng.float();
      const untilEffect = Math.round(total * at);
      nextTime[w] = clock + untilEffect;
      remaining[w] = total - untilEffect;
      outcome[w] = null;
      phase[w] = 1;
    } else if (phase[w] === 1) {
      outcome[w] = model.apply(current[w] as SimOp, w, rng);
      nextTime[w] = clock + remaining[w];
      phase[w] = 2;
    } else {
      const op = current[w] as SimOp;
      const end = outcome[w] as SimOutcome;
      emit(clock, end.type, process[w], op, end.value, end.error);
      if (end.type === 'info') process[w] += workers;
      nextTime[w] = clock + delay(thinkNs);
      phase[w] = 0;
    }
  }
  for (const op of model.finalOps?.() ?? []) {
    clock += delay(thinkNs);
    emit(clock, 'invoke', process[0], op, op.value);
    const end = model.apply(op, 0, rng);
    clock += delay(latencyNs);
    emit(clock, end.type, process[0], op, end.value, end.error);
    if (end.type === 'info') process[0] += workers;
  }
  return history;
}
