import type { Key, Op } from '../../../core/history.js';
import { Rng } from '../../../core/rng.js';

// The one simulator behind every simulated history in the tests and benches: concurrent
// clients against a model of a system, on a virtual clock, in Jepsen's vocabulary (a process
// retired after an unknown outcome continues as a new one). The models say what the system
// does: the loss checkers' sets, counters and banks (loss-models.ts), a fenced lock
// (lock-model.ts), register stores (register-model.ts), and, beside their tests, the
// linearizable checker's kv shapes and the txn checkers' serial store. Deterministic in the seed.

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
  /**
   * For an `info` outcome whose effect has not happened yet: the effect, which the simulation
   * runs at a random later time if the run lasts that long (a timed-out request may still land).
   */
  later?: () => void;
}

/**
 * A system and its clients in one: `next` picks a free worker's next operation, `apply`
 * performs it atomically at its effect point (somewhere between invocation and completion),
 * which is what makes the simulated system linearizable.
 */
export interface SimModel {
  next(worker: number, rng: Rng): SimOp | null;
  /** `time` is the effect's instant, ns since the run began. */
  apply(op: SimOp, worker: number, rng: Rng, time: number): SimOutcome;
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
  /** Mean time from invocation to effect and from effect to completion (each exponential). */
  meanLatencyMs?: number;
  /** Mean pause between a completion and the worker's next invocation (exponential). */
  meanThinkMs?: number;
  /** Draws an operation's whole duration, ns, instead (for a distribution of another shape). */
  duration?: (op: SimOp, rng: Rng) => number;
  /** Draws a worker's pause before its next invocation, ns, instead. */
  think?: (rng: Rng) => number;
  /** Nemesis events to interleave by time: [seconds, f, value], recorded as `info` events of process "nemesis". */
  nemesis?: readonly (readonly [number, string, unknown])[];
  /** Node names: worker w is bound to nodes[w mod n], as the harness binds workers, and its events name it. */
  nodes?: readonly string[];
}

/** Mean delay of an effect that lands after its request timed out, in mean latencies. */
const LATE_EFFECT_LATENCIES = 20;

/**
 * A discrete-event simulation of concurrent clients against a model, producing a
 * well-formed history. Each worker has at most one event pending; the next event is the
 * earliest of the workers' (a scan: workers are few), of the late effects, and of the nemesis events.
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
  const emit = (time: number, type: Op['type'], proc: number, op: SimOp, value: unknown, error?: string, node?: string): void => {
    const event: Op = { index: history.length, time, type, process: proc, f: op.f, value };
    if (op.key !== undefined) event.key = op.key;
    if (node !== undefined) event.node = node;
    if (error !== undefined) event.error = error;
    history.push(event);
  };
  const delay = (mean: number): number => Math.max(1, Math.round(rng.exponential(mean)));
  const nodeOf = (w: number): string | undefined => (options.nodes?.length ? options.nodes[w % options.nodes.length] : undefined);
  const nemesis = [...(options.nemesis ?? [])].map(([s, f, value]) => ({ time: Math.round(s * 1e9), f, value })).sort((a, b) => a.time - b.time);
  let nextNemesis = 0;
  const nemesisUntil = (time: number): void => {
    for (; nextNemesis < nemesis.length && nemesis[nextNemesis].time <= time; nextNemesis++) {
      const { time: at, f, value } = nemesis[nextNemesis];
      history.push({ index: history.length, time: at, type: 'info', process: 'nemesis', f, value });
    }
  };
  // Effects of timed-out requests still to land, each at its time.
  const late: { at: number; effect: () => void }[] = [];

  const think = (): number => (options.think ? options.think(rng) : delay(thinkNs));

  for (let w = 0; w < workers; w++) nextTime[w] = think();
  for (;;) {
    let w = -1;
    for (let k = 0; k < workers; k++) if (phase[k] !== 3 && (w < 0 || nextTime[k] < nextTime[w])) w = k;
    if (w < 0) break;
    if (late.length > 0) {
      let first = 0;
      for (let i = 1; i < late.length; i++) if (late[i].at < late[first].at) first = i;
      if (late[first].at < nextTime[w]) {
        late.splice(first, 1)[0].effect();
        continue;
      }
    }
    clock = nextTime[w];
    nemesisUntil(clock);
    if (phase[w] === 0) {
      const op = started < options.operations ? model.next(w, rng) : null;
      if (op === null) {
        phase[w] = 3;
        continue;
      }
      started++;
      current[w] = op;
      emit(clock, 'invoke', process[w], op, op.value, undefined, nodeOf(w));
      const total = options.duration ? options.duration(op, rng) : delay(latencyNs) + delay(latencyNs);
      const at = model.effectAt?.(op) ?? rng.float();
      const untilEffect = Math.round(total * at);
      nextTime[w] = clock + untilEffect;
      remaining[w] = total - untilEffect;
      outcome[w] = null;
      phase[w] = 1;
    } else if (phase[w] === 1) {
      outcome[w] = model.apply(current[w] as SimOp, w, rng, clock);
      nextTime[w] = clock + remaining[w];
      phase[w] = 2;
    } else {
      const op = current[w] as SimOp;
      const end = outcome[w] as SimOutcome;
      emit(clock, end.type, process[w], op, end.value, end.error, nodeOf(w));
      if (end.type === 'info') process[w] += workers;
      if (end.later) late.push({ at: clock + delay(latencyNs * LATE_EFFECT_LATENCIES), effect: end.later });
      nextTime[w] = clock + think();
      phase[w] = 0;
    }
  }
  // Effects still to land after the last completion never happen: the run is over.
  nemesisUntil(Infinity);
  if (nemesis.length > 0) clock = Math.max(clock, nemesis[nemesis.length - 1].time);
  for (const op of model.finalOps?.() ?? []) {
    clock += delay(thinkNs);
    emit(clock, 'invoke', process[0], op, op.value, undefined, nodeOf(0));
    const end = model.apply(op, 0, rng, clock);
    clock += delay(latencyNs);
    emit(clock, end.type, process[0], op, end.value, end.error, nodeOf(0));
    if (end.type === 'info') process[0] += workers;
  }
  return history;
}
