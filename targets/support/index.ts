// Helpers for targets whose nodes are servers: the ports a runtime handed out, a readiness wait
// that notices a node's exit and quotes its log, and the fail/info judgement of client errors.
// They depend only on the contracts (core/runtime.ts, core/errors.ts), never on a target.
export { classifyError, DEFAULT_ERROR_RULES, errorClassifier, errorCompletion, isRefusal, Refusal } from './client-errors.js';
export type { ErrorClassifier, ErrorCompletion, ErrorContext, ErrorRule } from './client-errors.js';
export { describeExit, formatLogTail, LOG_TAIL_LINES, logTail } from './log-tail.js';
export { nodeEndpoint, nodePort, peerAddress } from './ports.js';
export { commandCheck, httpCheck, tcpCheck } from './readiness-checks.js';
export type { CommandCheckOptions, HttpCheckOptions } from './readiness-checks.js';
export { NodeNotReadyError, waitUntilReady } from './readiness.js';
export type { CheckFunction, NotReadyReason, Ready, ReadinessCheck, ReadinessOptions } from './readiness.js';
