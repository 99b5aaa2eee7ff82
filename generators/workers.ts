import type { ProcessId } from '../core/history.js';
import type { Rng } from '../core/rng.js';
import { WorkerContext, type WorkerState } from './context.js';
import type { WorkerId } from '../core/generator.js';

/**
 * Which process each worker runs and which workers are busy. A process has at most one
 * operation outstanding; after an `info` it is retired and its worker continues as
 * process + concurrency, as in Jepsen.
 */
export class WorkerTable implements WorkerState {
  readonly workers: WorkerId[];
  private readonly processes = new Map<WorkerId, ProcessId>();
  private readonly byProcess = new Map<ProcessId, WorkerId>();
  private readonly busy = new Set<WorkerId>();
  private readonly idle = new Set<WorkerId>();

  constructor(
    readonly concurrency: number,
    withNemesis: boolean,
  ) {
    this.workers = Array.from({ length: concurrency }, (_, i) => i as WorkerId);
    if (withNemesis) this.workers.push('nemesis');
    for (const w of this.workers) {
      this.assign(w, w);
      this.idle.add(w);
    }
  }

  idleWorkers(): Iterable<WorkerId> {
    return this.idle;
  }

  context(time: number, rng: Rng): WorkerContext {
    return new WorkerContext(time, rng, this.workers, this);
  }

  processOf(worker: WorkerId): ProcessId {
    return this.processes.get(worker)!;
  }

  workerOf(process: ProcessId): WorkerId | undefined {
    return this.byProcess.get(process);
  }

  isBusy(worker: WorkerId): boolean {
    return this.busy.has(worker);
  }

  get busyCount(): number {
    return this.busy.size;
  }

  /** Marks the process's worker busy; throws if the generator chose a process that is not idle. */
  claim(process: ProcessId): WorkerId {
    const worker = this.byProcess.get(process);
    if (worker === undefined) throw new Error(`generator chose process ${String(process)}, which no worker runs`);
    if (this.busy.has(worker)) throw new Error(`generator chose process ${String(process)}, which already has an operation outstanding`);
    this.busy.add(worker);
    this.idle.delete(worker);
    return worker;
  }

  release(worker: WorkerId): void {
    this.busy.delete(worker);
    this.idle.add(worker);
  }

  /** Gives the worker a fresh process id; returns it. The nemesis is never retired. */
  retire(worker: WorkerId): ProcessId {
    const old = this.processes.get(worker)!;
    if (old === 'nemesis') return old;
    const next = old + this.concurrency;
    this.byProcess.delete(old);
    this.assign(worker, next);
    return next;
  }

  private assign(worker: WorkerId, process: ProcessId): void {
    this.processes.set(worker, process);
    this.byProcess.set(process, worker);
  }
}
