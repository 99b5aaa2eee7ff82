import { parentPort } from 'node:worker_threads';
import { checkPartition } from './check-partition.js';
import type { Model } from '../../core/model.js';
import { models } from './models/catalog.js';
import { loadModelModule } from './models/model-module.js';
import type { ModelSpec, WorkerJob, WorkerReply } from './worker-protocol.js';

// A worker thread's entry: checks one partition per message until the pool terminates it.

async function buildModel(spec: ModelSpec): Promise<Model> {
  if ('name' in spec) return models[spec.name](spec.options);
  return (await loadModelModule(spec.module))(spec.options);
}

parentPort?.on('message', async (job: WorkerJob) => {
  const flag = new Int32Array(job.abortFlag);
  let reply: WorkerReply;
  try {
    const model = await buildModel(job.model);
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
