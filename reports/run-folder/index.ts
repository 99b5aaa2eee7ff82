// Reading a run folder for the report: every file optional, every problem named.
export { loadRun } from './load-run.js';
export type { RunData, RunFile, RunResults, TestRecordView } from './load-run.js';
