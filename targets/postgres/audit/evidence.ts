import type { PostgresWorkloadName } from '../workload-names.js';

// What one run's results say about each row of the audit matrix: which anomalies it showed
// (with how many instances), how many committed transactions could have shown each, and which
// it could not decide. Results are read as plain JSON, as results.json holds them.

/** The implication lattice of the transactional checker, handed in so this module stays pure. */
export interface AnomalyLattice {
  /** Every anomaly a history satisfying `model` cannot show. */
  prohibitedBy(model: string): ReadonlySet<string>;
  /** The given anomalies and everything their presence implies. */
  impliedBy(found: Iterable<string>): ReadonlySet<string>;
}

export interface Observation {
  anomaly: string;
  count: number;
  /** Set when the run showed a stronger anomaly that implies this one, not this one itself. */
  via?: string;
}

export interface RunEvidence {
  observed: Observation[];
  /** Row → committed transactions of this run that could have shown it. */
  transactions: Record<string, number>;
  /** Rows this run's checkers could not decide (search budget). */
  undecided: string[];
}

/** Rows the transactional checkers decide. */
export const TXN_ROWS = ['G0', 'G1a', 'G1b', 'G1c', 'lost-update', 'G-single', 'G-nonadjacent', 'G2-item', 'internal'] as const;

type Json = Record<string, any>;

function txnEvidence(workload: 'list-append' | 'rw-register', checkers: Json, lattice: AnomalyLattice): RunEvidence {
  const verdict: Json | undefined = checkers[`${workload}-vs-serializable`] ?? checkers[workload];
  const evidence: RunEvidence = { observed: [], transactions: {}, undecided: [] };
  if (!verdict?.stats) return evidence;
  const found: string[] = verdict.anomalyTypes ?? [];
  const counts: Record<string, number> = verdict.anomalyCounts ?? {};
  for (const anomaly of found) {
    evidence.observed.push({ anomaly, count: counts[anomaly] ?? 1 });
    evidence.transactions[anomaly] = verdict.stats.ok ?? 0;
  }
  for (const row of TXN_ROWS) {
    evidence.transactions[row] = verdict.stats.ok ?? 0;
    if (found.includes(row)) continue;
    const via = found.find((f) => lattice.impliedBy([f]).has(row));
    if (via !== undefined) evidence.observed.push({ anomaly: row, count: counts[via] ?? 1, via });
  }
  for (const part of verdict.incomplete ?? []) evidence.undecided.push(...(part.types ?? []));
  return evidence;
}

function counterEvidence(checkers: Json): RunEvidence {
  const verdict: Json | undefined = checkers['lost-update'];
  const evidence: RunEvidence = { observed: [], transactions: {}, undecided: [] };
  if (!verdict?.increments) return evidence;
  const acknowledged: number = verdict.increments.acknowledged ?? 0;
  const pairs: number = verdict.lostUpdatePairCount ?? 0;
  evidence.transactions['lost-update'] = acknowledged;
  if (pairs > 0) evidence.observed.push({ anomaly: 'lost-update', count: pairs });
  // Where increments overwrite each other, a short final value proves nothing about durability.
  if (pairs === 0 && verdict.valid === 'unknown') evidence.undecided.push('lost-commit');
  else if (pairs === 0) {
    evidence.transactions['lost-commit'] = acknowledged;
    const lost: Json[] = verdict.lost ?? [];
    if (lost.length > 0) evidence.observed.push({ anomaly: 'lost-commit', count: lost.reduce((n, l) => n + (l.missing ?? 0), 0) });
  }
  return evidence;
}

function bankEvidence(checkers: Json): RunEvidence {
  const verdict: Json | undefined = checkers.bank;
  const evidence: RunEvidence = { observed: [], transactions: {}, undecided: [] };
  if (!verdict?.transfers) return evidence;
  const badTotals = (verdict.badReads ?? []).filter((r: Json) => (r.problems ?? []).some((p: Json) => p.kind === 'wrong-total')).length;
  evidence.transactions['wrong-total'] = (verdict.transfers.acknowledged ?? 0) + (verdict.reads ?? 0);
  if (badTotals > 0) evidence.observed.push({ anomaly: 'wrong-total', count: verdict.badReadCount ?? badTotals });
  const decidable = (verdict.banks ?? []).every((b: Json) => b.finalState !== 'undecidable');
  // A bank whose totals already broke cannot say which transfer was lost in a crash.
  if ((verdict.badReadCount ?? 0) === 0 && decidable) {
    evidence.transactions['lost-commit'] = verdict.transfers.acknowledged ?? 0;
    const unreflected: Json[] = verdict.unreflected ?? [];
    if (unreflected.length > 0) evidence.observed.push({ anomaly: 'lost-commit', count: unreflected.length });
  }
  return evidence;
}

function setEvidence(checkers: Json): RunEvidence {
  const verdict: Json | undefined = checkers['set-full'];
  const evidence: RunEvidence = { observed: [], transactions: {}, undecided: [] };
  if (!verdict?.outcomes) return evidence;
  const { ok = 0, stale = 0, lost = 0 } = verdict.outcomes;
  // Elements no read came after prove nothing either way.
  evidence.transactions['lost-commit'] = ok + stale + lost;
  if (ok + stale + lost === 0 && (verdict.acknowledged ?? 0) > 0) evidence.undecided.push('lost-commit');
  if (lost > 0) evidence.observed.push({ anomaly: 'lost-commit', count: verdict.outcomes.lost });
  return evidence;
}

function evidenceOf(workload: PostgresWorkloadName, checkers: Json, lattice: AnomalyLattice): RunEvidence {
  switch (workload) {
    case 'list-append':
    case 'rw-register':
      return txnEvidence(workload, checkers, lattice);
    case 'counter':
      return counterEvidence(checkers);
    case 'bank':
      return bankEvidence(checkers);
    case 'set':
      return setEvidence(checkers);
  }
}

/**
 * Evidence from one run's results.json contents. A run without crashes cannot rule out lost
 * commits (nothing tried to lose them), though it can still show one.
 */
export function runEvidence(workload: PostgresWorkloadName, results: { checkers?: Json }, lattice: AnomalyLattice, crashes: boolean): RunEvidence {
  const evidence = evidenceOf(workload, results.checkers ?? {}, lattice);
  if (!crashes) {
    delete evidence.transactions['lost-commit'];
    evidence.undecided = evidence.undecided.filter((row) => row !== 'lost-commit');
  }
  return evidence;
}
