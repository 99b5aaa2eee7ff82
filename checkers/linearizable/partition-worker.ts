import { parentPort } from 'node:worker_threads';
import { checkPartition } from './check-partition.js';
import { models } from './models/catalog.js';
import type { WorkerJob, WorkerReply } from './worker-protocol.js';

// A worker thread's entry: checks one partition per message until the pool terminates it.

parentPort?.on('message', (job: WorkerJob) => {
  const flag = new Int32Array(job.abortFlag);
  let reply: WorkerReply;
  try {
    const model = models[job.model.name](job.model.options);
    const report = checkPartition(job.partition, job.compiled, model, {
      deadline: job.deadline,
      maxStates: job.maxStates,
      isAborted: () => Atomics.load(flag, 0) !== 0,
    });
    reply = { report };
  } catch (err) {
    reply = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(reply);
});
