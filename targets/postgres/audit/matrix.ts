import { readsOneSnapshot, type IsolationLevel } from '../isolation.js';
import type { PlannedRun } from './plan.js';
import { runEvidence, TXN_ROWS, type AnomalyLattice } from './evidence.js';

// The audit's result: for each isolation level and anomaly, whether some run showed it (and
// which run's report proves it) or in how many committed transactions it never appeared, next
// to whether the level's promise forbids it. This object is audit.json and `--json` output.

export interface AuditCell {
  observed: boolean;
  /** Committed transactions, over the level's runs, that could have shown the anomaly. */
  transactions: number;
  /** The run folder whose report shows it (the first one that did). */
  run?: string;
  /** Instances found, over all runs of the level. */
  count?: number;
  /** Shown only through a stronger anomaly that implies it (e.g. G-single cycles are G2-item cycles). */
  via?: string;
  /** Whether the level's promise rules it out. */
  forbidden: boolean;
  /** False when a checker ran out of budget before it could rule the anomaly out. */
  decided: boolean;
}

export interface AuditRunRecord {
  level: IsolationLevel;
  workload: string;
  run: string;
  valid: boolean | 'unknown';
  timeLimitMs: number;
  seed: number;
}

export interface AuditViolation {
  level: IsolationLevel;
  anomaly: string;
  model: string;
  run?: string;
}

export interface AuditResult {
  target: 'postgres';
  /** 0 every level kept its promise, 1 some level broke it, 2 some question stayed open. */
  exitCode: 0 | 1 | 2;
  kept: boolean;
  promises: Partial<Record<IsolationLevel, string>>;
  levels: Partial<Record<IsolationLevel, Record<string, AuditCell>>>;
  violations: AuditViolation[];
  /** The anomaly rows in display order, with what each means. */
  anomalies: { name: string; meaning: string }[];
  runs: AuditRunRecord[];
}

export interface FinishedRun {
  plan: PlannedRun;
  /** The run folder as the user should see it (relative to where they ran faultline). */
  run: string;
  results: { valid: boolean | 'unknown'; checkers?: Record<string, unknown> };
}

export const ROW_MEANINGS: Readonly<Record<string, string>> = {
  G0: 'dirty write: transactions overwrote each other in a cycle',
  G1a: 'aborted read: a read saw a write that was rolled back',
  G1b: 'intermediate read: a read saw a value its writer later overwrote',
  G1c: 'circular information flow: a cycle of writes and reads',
  'lost-update': 'two transactions read the same value and both wrote over it',
  'G-single': 'read skew: a dependency cycle with one anti-dependency',
  'G-nonadjacent': 'a cycle with anti-dependencies, none adjacent',
  'G2-item': 'write skew: a dependency cycle with anti-dependencies',
  internal: 'a transaction read something other than its own earlier reads and writes',
  'wrong-total': 'bank: the balances read did not add up to the money in the bank',
  'lost-commit': 'an acknowledged commit was missing after the server recovered',
};

const STANDARD_ROWS = [...TXN_ROWS, 'wrong-total', 'lost-commit'];

function forbiddenAt(level: IsolationLevel, model: string, anomaly: string, lattice: AnomalyLattice): boolean {
  if (anomaly === 'lost-commit') return true;
  if (anomaly === 'wrong-total') return readsOneSnapshot(level);
  return lattice.prohibitedBy(model).has(anomaly);
}

export function buildAuditResult(finished: readonly FinishedRun[], lattice: AnomalyLattice): AuditResult {
  const levels: AuditResult['levels'] = {};
  const promises: AuditResult['promises'] = {};
  const extra = new Set<string>();
  const evidence = finished.map((f) => ({ f, e: runEvidence(f.plan.workload, f.results, lattice, f.plan.crashes) }));
  for (const { e } of evidence) for (const o of e.observed) if (!STANDARD_ROWS.includes(o.anomaly)) extra.add(o.anomaly);
  const rows = [...STANDARD_ROWS, ...[...extra].sort()];

  for (const { f, e } of evidence) {
    const { level, model } = f.plan;
    promises[level] = model;
    const cells: Record<string, AuditCell> = (levels[level] ??= Object.fromEntries(
      rows.map((row): [string, AuditCell] => [row, { observed: false, transactions: 0, forbidden: forbiddenAt(level, model, row, lattice), decided: true }]),
    ));
    for (const [row, n] of Object.entries(e.transactions)) if (cells[row]) cells[row].transactions += n;
    for (const row of e.undecided) if (cells[row]) cells[row].decided = false;
    for (const o of e.observed) {
      const cell = cells[o.anomaly];
      // A direct sighting beats one through implication; otherwise the first run found keeps the cell.
      if (!cell.observed || (cell.via !== undefined && o.via === undefined)) {
        cell.run = f.run;
        cell.via = o.via;
      }
      cell.observed = true;
      cell.count = (cell.count ?? 0) + o.count;
    }
  }
  for (const cells of Object.values(levels)) {
    for (const cell of Object.values(cells!)) {
      if (cell.via === undefined) delete cell.via;
      // An observation settles the question whatever the budget left undone.
      if (cell.observed) cell.decided = true;
    }
  }

  const violations: AuditViolation[] = [];
  let open = false;
  for (const [level, cells] of Object.entries(levels) as [IsolationLevel, Record<string, AuditCell>][]) {
    for (const [anomaly, cell] of Object.entries(cells)) {
      if (cell.forbidden && cell.observed) violations.push({ level, anomaly, model: promises[level]!, run: cell.run });
      if (cell.forbidden && !cell.decided) open = true;
    }
  }
  // A run that broke part-way (its results carry an error) leaves its share of questions open.
  const broken = finished.some((f) => 'error' in f.results);
  const exitCode = violations.length > 0 ? 1 : open || broken ? 2 : 0;
  return {
    target: 'postgres',
    exitCode,
    kept: violations.length === 0,
    promises,
    levels,
    violations,
    anomalies: rows.map((name) => ({ name, meaning: ROW_MEANINGS[name] ?? 'reported by the transactional checker' })),
    runs: finished.map((f) => ({
      level: f.plan.level,
      workload: f.plan.workload,
      run: f.run,
      valid: f.results.valid,
      timeLimitMs: f.plan.timeLimitMs,
      seed: f.plan.seed,
    })),
  };
}
