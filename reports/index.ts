// Reports: a run folder in, a self-contained report.html out; and the runs browser.
export { buildReport, writeReport } from './build-report.js';
export { startServer } from './serve/index.js';
export type { RunningServer, ServeOptions } from './serve/index.js';
export { loadRun } from './run-folder/index.js';
export type { RunData, RunFile, RunResults, TestRecordView } from './run-folder/index.js';
export { describeFault, faultWindows } from './model/index.js';
export type { FaultKind, FaultWindow } from './model/index.js';
export { escapeHtml, jsonForScript } from './html/index.js';
export { anomalyContext, clientNodes, faultsInContext } from './context/index.js';
export type { AnomalyContext, AnomalyInContext, ClientNodes, FaultInContext, FaultWindowInContext, OperationInContext } from './context/index.js';
