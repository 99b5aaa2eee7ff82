// The postgres audit without the running: which runs to make, what their results say about
// each anomaly at each isolation level, and the matrix as text and HTML; run-audit.ts makes
// the runs through what `faultline audit` hands it (the target's audit capability).
export { DEFAULT_AUDIT_TIME_LIMIT_MS, defaultAuditWorkloads, parseLevels, parseWorkloads, planAudit } from './plan.js';
export type { AuditSettings, PlannedRun } from './plan.js';
export { TXN_ROWS, runEvidence } from './evidence.js';
export type { AnomalyLattice, Observation, RunEvidence } from './evidence.js';
export { ROW_MEANINGS, buildAuditResult } from './matrix.js';
export type { AuditCell, AuditResult, AuditRunRecord, AuditViolation, FinishedRun } from './matrix.js';
export { cellText, footnoteRuns, renderAuditText } from './text.js';
export { escapeHtml, renderAuditHtml } from './html.js';
export type { AuditHtmlOptions } from './html.js';
export { postgresAudit } from './run-audit.js';
