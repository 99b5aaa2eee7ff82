// The harness: one run from config to verdict, and the history that connects everything.
// Each sub-folder's index (generator/, workloads/, cli/) lists its full API.
export type { Completed, History, Key, Op, OpType, ProcessId } from '../core/history.js';
export { completedOps, isClientOp, NEMESIS, nemesisOps, pairIndex } from '../core/history.js';
export { HistoryValidator, parseHistoryJsonl, readHistoryJsonl, validateHistory, type ReadOptions, type ReadResult } from '../core/history-reader.js';
export { HistoryWriter, historyToJsonl } from '../core/history-writer.js';
export { readHistoryFile } from '../core/history-file.js';
export { exportEdnHistory, importEdnHistory, type EdnImport, type EdnImportOptions } from '../core/edn.js';
export { ConfigError, errorMessage, FaultlineError, HistoryFormatError, isFaultlineError, type ErrorCode } from '../core/errors.js';
export { parseDuration, parseTestConfig, testConfigSchema, type TestConfig, type TestConfigInput } from './config.js';
export { Rng, randomSeed } from '../core/rng.js';
export { HistoryRecorder, monotonicClock, type OpDraft } from './recorder.js';
export { Interpreter, type InterpreterOptions, type NemesisExecutor } from './interpreter.js';
export { runCheckers, checkerSpecsFor, type CheckedResults } from './check.js';
export { runTest, type RunIo, type RunOutcome, type TestRecord } from './run.js';
export { createRunDir, listRuns, readJson, safeName, timestamp, writeJson, type RunSummary } from '../core/run-store.js';
export { junitXml } from './junit.js';
export { main } from './cli.js';
