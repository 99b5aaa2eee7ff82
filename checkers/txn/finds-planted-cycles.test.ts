import { describe, expect, it } from 'vitest';
import { checkListAppend } from './list-append/checker.js';
import { INJECTED_ANOMALIES, detailsOf, injectCycles, runSerialExecutor } from './test-support/index.js';

// G0, G1c, G-single and G2-item cycles planted into a valid history: each must be found as
// that anomaly, among exactly the planted transactions, and explained edge by edge. The
// benchmark (npm run bench txn) does the same in a million transactions.

describe('cycles planted in a valid list-append history', () => {
  const { history: valid } = runSerialExecutor({
    workload: 'list-append',
    seed: 5,
    txnCount: 500,
    concurrency: 8,
    failRate: 0.02,
    infoRate: 0.02,
    source: { keyCount: 5 },
  });
  const { history, planted } = injectCycles(valid, INJECTED_ANOMALIES, 1000);

  it('the history around them is valid', () => {
    expect(checkListAppend(valid).valid).toBe(true);
  });

  it.each(planted.map((p) => [p.kind, p] as const))('%s is found among its planted transactions and explained', (kind, plant) => {
    const verdict = checkListAppend(history);
    expect(verdict.valid).toBe(false);
    const witnesses = detailsOf(verdict).anomalies[kind] ?? [];
    const witness = witnesses.find((w) => w.txns.every((t) => plant.txns.includes(t.id)));
    expect(witness, `${kind} among ${plant.txns.join(', ')}; found ${JSON.stringify(detailsOf(verdict).anomalyTypes)}`).toBeDefined();
    expect(witness?.explanation.length).toBeGreaterThanOrEqual(2);
    expect(witness?.edges?.length).toBe(witness?.txns.length);
  });
});
