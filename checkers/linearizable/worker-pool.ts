import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkPartition, type PartitionReport } from './check-partition.js';
import type { CompiledPartition } from './compile.js';
import type { Model } from '../../core/model.js';
import type { Partition } from './partition.js';
import type { SearchBudget } from './search.js';
import { leftUnexplained, notSearched } from './schedule.js';
import type { ModelSpec, WorkerJob, WorkerReply } from './worker-protocol.js';

// Checks partitions on worker threads, largest first. From compiled JavaScript the worker is
// partition-worker.js and needs nothing; from TypeScript source (vitest, tsx) it is a .ts file
// that Node cannot load by itself, so a small bootstrap registers tsx inside the worker first
// (Node 20 does not apply `--import` hooks to a worker's entry). A worker that cannot start or
// dies hands its partition back to this thread, so the check always completes.

export interface PoolResult {
  reports: PartitionReport[];
  /** Workers that started and answered at least once. */
  workersUsed: number;
}

export interface PoolBudget {
  deadline: number;
  maxStates: number;
  signal?: AbortSignal;
  /** Once a key is proven not linearizable, how long the others may still be explained. */
  explainMs?: number;
}

/** Values of the shared stop flag. */
const RUNNING = 0;
const ABORTED = 1;
const PROVEN = 2;

const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => { setImmediate(() => { throw err; }); });
`;

class WorkerFailed extends Error {}

export async function checkInWorkers(
  partitions: readonly Partition[],
  compiled: readonly CompiledPartition[],
  spec: ModelSpec,
  localModel: Model,
  budget: PoolBudget,
  workerCount: number,
  spawn: () => Worker | undefined = startWorker,
): Promise<PoolResult> {
  const order = partitions.map((_, i) => i).sort((a, b) => compiled[b].n - compiled[a].n);
  const reports = new Array<PartitionReport>(partitions.length);
  const abortFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(abortFlag);
  const stopAll = () => Atomics.compareExchange(flag, 0, RUNNING, ABORTED);
  budget.signal?.addEventListener('abort', stopAll, { once: true });
  // After the first proof the others get explainMs; then every search stops (flag PROVEN).
  let stopAt = budget.deadline;
  let proofTimer: NodeJS.Timeout | undefined;
  const settled = (report: PartitionReport) => {
    if (report.valid !== false || proofTimer !== undefined || stopAt < budget.deadline) return;
    stopAt = Math.min(budget.deadline, Date.now() + (budget.explainMs ?? Infinity));
    proofTimer = setTimeout(() => Atomics.compareExchange(flag, 0, RUNNING, PROVEN), Math.max(0, stopAt - Date.now()));
  };
  const stopped = () => Atomics.load(flag, 0) !== RUNNING || Date.now() > stopAt;
  const localBudget: SearchBudget = { deadline: budget.deadline, maxStates: budget.maxStates, isAborted: stopped };
  let nextJob = 0;
  let workersUsed = 0;

  const drive = async (): Promise<void> => {
    let worker = spawn();
    let answered = false;
    try {
      while (nextJob < order.length && !stopped()) {
        const i = order[nextJob++];
        if (!worker) {
          reports[i] = checkPartition(partitions[i], compiled[i], localModel, localBudget);
          settled(reports[i]);
          // Let the other drivers' worker replies through between local partitions.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const job: WorkerJob = {
          model: spec,
          partition: partitions[i],
          compiled: compiled[i],
          deadline: budget.deadline,
          maxStates: budget.maxStates,
          abortFlag,
        };
        try {
          reports[i] = await request(worker, job);
          settled(reports[i]);
          if (!answered) workersUsed++;
          answered = true;
        } catch (err) {
          if (!(err instanceof WorkerFailed)) throw err;
          void worker.terminate();
          worker = undefined;
          reports[i] = checkPartition(partitions[i], compiled[i], localModel, localBudget);
          settled(reports[i]);
        }
      }
    } catch (err) {
      stopAll();
      throw err;
    } finally {
      await worker?.terminate();
    }
  };

  try {
    const settled = await Promise.allSettled(Array.from({ length: workerCount }, drive));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    budget.signal?.removeEventListener('abort', stopAll);
    clearTimeout(proofTimer);
  }
  // Searches the proof stopped, and partitions never started, are left unexplained (or aborted).
  const proven = proofTimer !== undefined;
  for (let i = 0; i < reports.length; i++) {
    const report = reports[i] ?? notSearched(partitions[i], compiled[i], Atomics.load(flag, 0) === ABORTED ? 'aborted' : 'time');
    reports[i] = proven && report.valid === 'unknown' && report.undecided.budget !== 'memory' ? leftUnexplained(report) : report;
  }
  return { reports, workersUsed };
}

function request(worker: Worker, job: WorkerJob): Promise<PartitionReport> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      cleanup();
      if ('error' in reply) reject(new Error(`linearizability worker failed: ${reply.error}`));
      else resolve(reply.report);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new WorkerFailed(err.message, { cause: err }));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new WorkerFailed(`worker exited with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}

export function startWorker(): Worker | undefined {
  try {
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './partition-worker.ts' : './partition-worker.js', import.meta.url);
    const worker = fromSource ? new Worker(TSX_BOOTSTRAP, { eval: true, workerData: { tsxApi: tsxApiUrl(), entry: entry.href } }) : new Worker(entry);
    // Errors between jobs must not crash the process; `request` reports those during a job.
    worker.on('error', () => {});
    return worker;
  } catch {
    return undefined;
  }
}

/** tsx's ESM registration API, found next to its loader (package exports hide the .mjs from require). */
function tsxApiUrl(): string {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return new URL('./esm/api/index.mjs', pathToFileURL(loader)).href;
}
