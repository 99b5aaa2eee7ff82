import { describe, expect, it } from 'vitest';
import { allImpliedAnomalies, anomaliesProhibitedBy, canonicalModel, type AnomalyName } from '../../../checkers/txn/index.js';
import type { AnomalyLattice } from './evidence.js';
import { buildAuditResult, type FinishedRun } from './matrix.js';
import { planAudit } from './plan.js';

// The audit matrix from run results shaped as results.json holds them: what was observed
// where, in how many transactions it was not, and whether a level broke its promise.

const lattice: AnomalyLattice = {
  prohibitedBy: (model) => anomaliesProhibitedBy([canonicalModel(model)!]),
  impliedBy: (found) => allImpliedAnomalies([...found] as AnomalyName[]),
};

function txnResult(anomalies: Record<string, number>, ok: number, extra: Record<string, unknown> = {}) {
  return {
    valid: !Object.keys(anomalies).length,
    anomalyTypes: Object.keys(anomalies).sort(),
    anomalyCounts: anomalies,
    incomplete: [],
    stats: { transactions: ok + 10, ok },
    ...extra,
  };
}

function finished(crashes: boolean, results: Record<string, Record<string, Record<string, unknown>>>): FinishedRun[] {
  const plan = planAudit({
    levels: ['read-committed', 'repeatable-read', 'serializable'],
    workloads: ['list-append', 'counter', 'set'],
    timeLimitMs: 9000,
    seed: 1,
    crashes,
  });
  return plan.map((p) => ({ plan: p, run: `runs/${p.name}/1`, results: { valid: true, checkers: results[`${p.workload}@${p.level}`] ?? {} } }));
}

const typical = {
  'list-append@read-committed': { 'list-append-vs-serializable': txnResult({ 'G-single': 3, 'lost-update': 2, internal: 5 }, 400) },
  'list-append@repeatable-read': { 'list-append-vs-serializable': txnResult({ 'G2-item': 4 }, 300) },
  'list-append@serializable': { 'list-append': txnResult({}, 200) },
  'counter@read-committed': { 'lost-update': { valid: false, increments: { acknowledged: 90 }, lostUpdatePairCount: 40, lost: [{ missing: 30 }] } },
  'counter@repeatable-read': { 'lost-update': { valid: true, increments: { acknowledged: 50 }, lostUpdatePairCount: 0, lost: [] } },
  'counter@serializable': { 'lost-update': { valid: true, increments: { acknowledged: 40 }, lostUpdatePairCount: 0, lost: [] } },
  'set@read-committed': { 'set-full': { valid: true, acknowledged: 100, outcomes: { ok: 100, stale: 0, lost: 0 } } },
  'set@repeatable-read': { 'set-full': { valid: true, acknowledged: 100, outcomes: { ok: 100, stale: 0, lost: 0 } } },
  'set@serializable': { 'set-full': { valid: true, acknowledged: 100, outcomes: { ok: 100, stale: 0, lost: 0 } } },
};

describe('the audit matrix', () => {
  it('shows what each level let through next to its promise, and that every level kept it', () => {
    const result = buildAuditResult(finished(true, typical), lattice);
    expect(result.promises).toEqual({ 'read-committed': 'read-committed', 'repeatable-read': 'snapshot-isolation', serializable: 'serializable' });
    const rc = result.levels['read-committed']!;
    expect(rc['G-single']).toMatchObject({ observed: true, run: 'runs/postgres-list-append-read-committed/1', forbidden: false });
    expect(rc['lost-update']).toMatchObject({ observed: true, count: 42, transactions: 490, forbidden: false });
    expect(rc.G1a).toMatchObject({ observed: false, transactions: 400, forbidden: true });
    // A G-single cycle has an anti-dependency edge, so it is a G2-item cycle too (Adya).
    expect(rc['G2-item']).toMatchObject({ observed: true, via: 'G-single' });
    const rr = result.levels['repeatable-read']!;
    expect(rr['G2-item']).toMatchObject({ observed: true, forbidden: false });
    expect(rr['G2-item'].via).toBeUndefined();
    expect(rr['G-single']).toMatchObject({ observed: false, transactions: 300, forbidden: true });
    expect(rr['lost-update']).toMatchObject({ observed: false, transactions: 350, forbidden: true });
    expect(Object.values(result.levels.serializable!).some((c) => c.observed)).toBe(false);
    expect(result.levels.serializable!['lost-commit']).toMatchObject({ observed: false, transactions: 140, forbidden: true });
    expect(result).toMatchObject({ kept: true, exitCode: 0, violations: [] });
  });

  it('calls an anomaly the promise forbids a broken promise and names the run that shows it', () => {
    const broken = { ...typical, 'set@serializable': { 'set-full': { valid: false, acknowledged: 100, outcomes: { ok: 97, stale: 0, lost: 3 } } } };
    const result = buildAuditResult(finished(true, broken), lattice);
    expect(result.violations).toEqual([{ level: 'serializable', anomaly: 'lost-commit', model: 'serializable', run: 'runs/postgres-set-serializable/1' }]);
    expect(result).toMatchObject({ kept: false, exitCode: 1 });
  });

  it('does not count lost commits as tested when nothing crashed, nor where lost updates explain a short counter', () => {
    const result = buildAuditResult(finished(false, typical), lattice);
    expect(result.levels.serializable!['lost-commit']).toMatchObject({ transactions: 0, observed: false });
    const withCrashes = buildAuditResult(finished(true, typical), lattice);
    expect(withCrashes.levels['read-committed']!['lost-commit'].transactions).toBe(100);
  });

  it('leaves a forbidden anomaly open when the search ran out of budget, and says so in the exit code', () => {
    const budget = {
      ...typical,
      'list-append@serializable': {
        'list-append': txnResult({}, 200, { valid: 'unknown', incomplete: [{ componentSize: 900, types: ['G2-item'], reason: 'timeout' }] }),
      },
    };
    const result = buildAuditResult(finished(true, budget), lattice);
    expect(result.levels.serializable!['G2-item'].decided).toBe(false);
    expect(result).toMatchObject({ kept: true, exitCode: 2 });
  });

  it('adds a row for any other anomaly a run reported', () => {
    const odd = { ...typical, 'list-append@read-committed': { 'list-append-vs-serializable': txnResult({ 'G-single': 1, 'incompatible-order': 2 }, 400) } };
    const result = buildAuditResult(finished(true, odd), lattice);
    expect(result.anomalies.map((a) => a.name)).toContain('incompatible-order');
    expect(result.levels['read-committed']!['incompatible-order']).toMatchObject({ observed: true, forbidden: true });
    expect(result.exitCode).toBe(1);
  });
});
