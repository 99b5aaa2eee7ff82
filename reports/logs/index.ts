// Node logs: parsing, excerpts around anomaly moments, and their section of the report.
export { excerpt, parseLog, readLog } from './node-logs.js';
export type { LogLine, NodeLog } from './node-logs.js';
export { loadLogs, logsSection, pickMoments } from './logs-section.js';
