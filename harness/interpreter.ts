import { errorMessage } from '../core/errors.js';
import type { GenOp, Generator, WorkerId } from '../generators/index.js';
import { WorkerTable } from '../generators/index.js';
import type { Op, ProcessId } from '../core/history.js';
import type { HistoryRecorder } from './recorder.js';
import type { Rng } from '../core/rng.js';
import type { Client, Completion, Invocation, NemesisExecutor } from '../core/target.js';

export type { NemesisExecutor };

export interface InterpreterOptions {
  concurrency: number;
  rng: Rng;
  recorder: HistoryRecorder;
  /** `worker` stays the same when the worker's process is renumbered after an `info`. */
  openClient(process: number, worker: number): Promise<Client>;
  nemesis?: NemesisExecutor;
  opTimeoutMs: number;
  /** Faults such as a restart can take longer than a client operation. */
  nemesisTimeoutMs?: number;
  log?(message: string): void;
}

const EARLY_DISPATCH_NS = 500_000;
const DISPATCHES_PER_TURN = 16;

interface ClientSlot {
  client?: Client;
  opening?: Promise<Client>;
}

/**
 * Drives clients and the nemesis from a generator: hands each operation to an idle worker,
 * records its invocation and completion, and retires a process after `info`. Single-threaded
 * by construction: completions are processed in the callback that delivers them, so the
 * history is in the order events happened.
 */
export class Interpreter {
  private readonly workers: WorkerTable;
  private readonly slots = new Map<WorkerId, ClientSlot>();
  private gen: Generator | null = null;
  private wakeLoop: (() => void) | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private readonly controllers = new Map<WorkerId, AbortController>();
  private readonly deadlines = new Map<WorkerId, { at: number; expire: () => void }>();
  private sweeper: NodeJS.Timeout | undefined;
  private dispatchedSinceYield = 0;
  private clientsOpened = false;
  /** Draws made while asking are kept only when the answer is acted on, so timing cannot shift the sequence. */
  private rng: Rng;

  constructor(private readonly options: InterpreterOptions) {
    this.workers = new WorkerTable(options.concurrency, options.nemesis !== undefined);
    this.rng = options.rng;
  }

  /** Runs one phase: until the generator is exhausted (or `stop` fires) and every operation completed. */
  async run(generator: Generator, stop?: AbortSignal): Promise<void> {
    const { recorder } = this.options;
    this.gen = generator;
    const onStop = () => {
      this.gen = null;
      this.wake();
    };
    stop?.addEventListener('abort', onStop);
    try {
      if (!this.clientsOpened) {
        this.clientsOpened = true;
        await this.openAllClients();
      }
      if (stop?.aborted) this.gen = null;
      for (;;) {
        const now = recorder.clock();
        const trial = this.rng.clone();
        const step = this.gen ? this.gen.op(this.workers.context(now, trial)) : null;
        if (step === null) {
          this.gen = null;
          if (this.workers.busyCount === 0) return;
          await this.nextEvent(Infinity);
          continue;
        }
        if (step.type === 'pending') {
          this.gen = step.gen;
          this.rng = trial;
          await this.nextEvent(step.wakeAt ?? Infinity);
          continue;
        }
        // Timers cannot wait less than about a millisecond; an operation due sooner goes now.
        if (step.op.time > now + EARLY_DISPATCH_NS) {
          await this.nextEvent(step.op.time);
          continue;
        }
        this.gen = step.gen;
        this.rng = trial;
        this.dispatch(step.op);
        // A backlog of due operations would otherwise be dispatched in one synchronous stretch
        // while completions wait; letting the event loop turn now and then keeps latency honest.
        if (++this.dispatchedSinceYield >= DISPATCHES_PER_TURN) {
          this.dispatchedSinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      stop?.removeEventListener('abort', onStop);
      this.stopSweeper();
    }
  }

  /** Closes every client; errors are logged, not thrown, so teardown goes on. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
    const closing = [...this.slots.values()].map((slot) => this.closeSlot(slot));
    await Promise.allSettled(closing);
  }

  private dispatch(genOp: GenOp): void {
    const worker = this.workers.claim(genOp.process);
    const invocation: Invocation = { process: genOp.process, f: genOp.f, value: genOp.value };
    if (genOp.key !== undefined) invocation.key = genOp.key;
    // The invocation is recorded as the operation starts (generators track what is in flight
    // by it), naming the node of the worker's client when that client is open: it usually is,
    // since clients open before the first phase and again as soon as a process is retired.
    let client: Client | undefined;
    if (worker !== 'nemesis') {
      invocation.worker = worker;
      client = this.slots.get(worker)?.client;
      this.record({ type: 'invoke', process: invocation.process, f: invocation.f, value: invocation.value, key: invocation.key, node: client?.node });
    }
    const task = this.execute(worker, invocation, client).then((completion) => this.complete(worker, invocation, completion));
    this.inflight.add(task);
    void task.finally(() => this.inflight.delete(task));
  }

  /**
   * Opens every worker's client before the first operation, as Jepsen binds each worker to its
   * node from the start. An open that fails or hangs is left for the worker's first operation.
   */
  private async openAllClients(): Promise<void> {
    const opens: Promise<unknown>[] = [];
    for (let worker = 0; worker < this.options.concurrency; worker++) {
      opens.push(this.openWithin(worker, this.workers.processOf(worker) as number).catch(() => undefined));
    }
    await Promise.all(opens);
  }

  /** Opens the worker's client, giving up waiting after the operation timeout (the open may still finish later and be used then). */
  private async openWithin(worker: number, process: number): Promise<Client> {
    const timeoutMs = this.options.opTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.clientFor(worker, process), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs one operation, on the worker's client (opened now if it is not) or the nemesis, under its timeout. */
  private async execute(worker: WorkerId, op: Invocation, client: Client | undefined): Promise<Completion> {
    const timeoutMs = worker === 'nemesis' ? (this.options.nemesisTimeoutMs ?? 60_000) : this.options.opTimeoutMs;
    // One controller per process, not per operation: a process has one operation at a time,
    // and a timed-out process is retired, so its controller is never reused after aborting.
    let controller = this.controllers.get(worker);
    if (!controller) this.controllers.set(worker, (controller = new AbortController()));
    const signal = controller.signal;
    const abort = controller;
    const timeout = new Promise<Completion>((resolve) => {
      this.deadlines.set(worker, {
        at: performance.now() + timeoutMs,
        expire: () => {
          this.controllers.delete(worker);
          abort.abort();
          resolve({ type: 'info', error: `timeout after ${timeoutMs} ms` });
        },
      });
    });
    this.startSweeper(timeoutMs);
    const attempt = (async (): Promise<Completion> => {
      if (worker === 'nemesis') return this.options.nemesis!.invoke(op, signal);
      let open = client;
      if (!open) {
        try {
          open = await this.clientFor(worker, op.process as number);
        } catch (err) {
          // Nothing was sent, so the operation certainly did not happen.
          return { type: 'fail', error: `could not open a client: ${errorMessage(err)}` };
        }
      }
      return open.invoke(op, signal);
    })().catch((err: unknown): Completion => ({ type: 'info', error: errorMessage(err) }));
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      this.deadlines.delete(worker);
    }
  }

  /** One coarse timer checks every deadline, instead of a timer per operation. */
  private startSweeper(timeoutMs: number): void {
    if (this.sweeper) return;
    const every = Math.max(1, Math.min(50, timeoutMs / 20));
    this.sweeper = setInterval(() => {
      const now = performance.now();
      for (const [worker, deadline] of this.deadlines) {
        if (deadline.at > now) continue;
        this.deadlines.delete(worker);
        deadline.expire();
      }
    }, every);
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private complete(worker: WorkerId, op: Invocation, completion: Completion): void {
    const type = worker === 'nemesis' ? 'info' : completion.type;
    const recorded: Parameters<Interpreter['record']>[0] = { type, process: op.process, f: op.f, value: completion.value ?? op.value };
    if (op.key !== undefined) recorded.key = op.key;
    if (completion.node !== undefined) recorded.node = completion.node;
    if (completion.error !== undefined) recorded.error = completion.error;
    this.record(recorded);
    if (type === 'info') this.controllers.delete(worker);
    if (type === 'info' && worker !== 'nemesis') {
      // The old process may still have a request in flight; a fresh client keeps them apart.
      const slot = this.slots.get(worker);
      if (slot) void this.closeSlot(slot);
      this.slots.delete(worker);
      const next = this.workers.retire(worker) as number;
      // The worker takes no operation until its new process's client is open (or could not be,
      // within the operation timeout), as a Jepsen worker opens its client before going on; so
      // the next invocation names the node.
      const reopened = this.openWithin(worker, next).then(
        () => this.release(worker),
        () => this.release(worker),
      );
      this.inflight.add(reopened);
      void reopened.finally(() => this.inflight.delete(reopened));
      return;
    }
    this.release(worker);
  }

  private release(worker: WorkerId): void {
    this.workers.release(worker);
    this.wake();
  }

  private record(draft: { type: Op['type']; process: ProcessId; f: string; value: unknown; key?: Op['key']; node?: string; error?: string }): void {
    const op = this.options.recorder.record(draft);
    if (this.gen) this.gen = this.gen.update(this.workers.context(op.time, this.rng), op);
  }

  private async clientFor(worker: number, process: number): Promise<Client> {
    let slot = this.slots.get(worker);
    if (!slot) {
      slot = {};
      this.slots.set(worker, slot);
    }
    if (slot.client) return slot.client;
    const current = slot;
    current.opening ??= this.options.openClient(process, worker).then(
      (client) => {
        current.client = client;
        current.opening = undefined;
        return client;
      },
      (err: unknown) => {
        current.opening = undefined;
        throw err;
      },
    );
    return current.opening;
  }

  private async closeSlot(slot: ClientSlot): Promise<void> {
    try {
      const client = slot.client ?? (await slot.opening?.catch(() => undefined));
      await client?.close();
    } catch (err) {
      this.options.log?.(`closing a client failed: ${errorMessage(err)}`);
    }
  }

  private wake(): void {
    const wake = this.wakeLoop;
    this.wakeLoop = undefined;
    wake?.();
  }

  /** Resolves at the next completion or at `until` (ns on the run clock), whichever is first. */
  private nextEvent(until: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.wakeLoop = undefined;
        resolve();
      };
      this.wakeLoop = done;
      if (until !== Infinity) {
        const ms = Math.max(0, (until - this.options.recorder.clock()) / 1e6);
        timer = setTimeout(done, ms);
      }
    });
  }
}
