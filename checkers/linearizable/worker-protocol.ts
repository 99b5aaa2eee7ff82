import type { PartitionReport } from './check-partition.js';
import type { CompiledPartition } from './compile.js';
import type { ModelName } from './models/catalog.js';
import type { ModelOptions } from '../../core/model.js';
import type { Partition } from './partition.js';

// Messages between the pool and a partition worker. Models are functions and cannot cross a
// thread boundary, so a worker rebuilds the model: a built-in from its name, a user's from the
// module it came from, each with the same options.

export type ModelSpec = { name: ModelName; options: ModelOptions } | { module: string; options: ModelOptions };

export interface WorkerJob {
  model: ModelSpec;
  partition: Partition;
  compiled: CompiledPartition;
  deadline: number;
  maxStates: number;
  /** One Int32 the pool sets to stop every search: 1 when the caller aborted, 2 when another key was proven and explaining time ran out. */
  abortFlag: SharedArrayBuffer;
}

/** Bad operations are caught before dispatch, so an error here is a bug; only its words cross back. */
export type WorkerReply = { report: PartitionReport } | { error: string };
