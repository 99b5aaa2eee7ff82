import { describe, expect, it } from 'vitest';
import { checkListAppend } from './list-append/checker.js';
import { checkRwRegister } from './rw-register/checker.js';
import { detailsOf, runSerialExecutor, type ExecutorFault, type ExecutorOptions } from './test-support/index.js';
import type { TxnVerdict } from './types.js';

// The serial store again, with one fault injected: each must surface as the anomaly it is.
// With seed 4 the lost write is one that no later read contradicts, so real time alone shows
// it (many lost writes also show without real time, as a G-single or worse).

function run(workload: ExecutorOptions['workload'], fault: ExecutorFault) {
  const result = runSerialExecutor({ workload, seed: 4, txnCount: 300, concurrency: 5, source: { keyCount: 3 }, faults: [fault] });
  const faulted = result.faulted.get(fault.kind);
  expect(faulted, 'the fault hit a transaction').toBeDefined();
  return { history: result.history, faulted: `T${faulted}` };
}

function involving(verdict: TxnVerdict, txn: string): string[] {
  const d = detailsOf(verdict);
  return d.anomalyTypes.filter((t) => (d.anomalies[t] ?? []).some((w) => w.txns.some((x) => x.id === txn)));
}

describe('a serial store with an injected fault', () => {
  it('a lost write breaks strict serializability through real-time order', () => {
    const { history, faulted } = run('list-append', { kind: 'lost-write', from: 100 });
    const verdict = checkListAppend(history);
    expect(verdict.valid).toBe(false);
    const found = involving(verdict, faulted);
    expect(found).toContain('G0-realtime');
    expect(found.every((t) => t.endsWith('-realtime'))).toBe(true);
    // The write happened "later" as far as serializability alone can tell.
    expect(checkListAppend(history, { consistencyModels: 'serializable' }).valid).toBe(true);
  });

  it('a read from a stale snapshot is a real-time read skew with its reader and a missed writer', () => {
    const { history, faulted } = run('list-append', { kind: 'stale-read', from: 100, lag: 20 });
    const verdict = checkListAppend(history);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G-single-realtime']);
    const w = detailsOf(verdict).anomalies['G-single-realtime']?.[0];
    expect(w?.txns).toHaveLength(2);
    expect(w?.txns.map((t) => t.id)).toContain(faulted);
    expect(w?.edges?.map((e) => e.kind).sort()).toEqual(['realtime', 'rw']);
    expect(detailsOf(verdict).notModels).toEqual(['strong-snapshot-isolation']);
  });

  it('an aborted write made visible is an aborted read (and a dirty update when appends build on it)', () => {
    const { history, faulted } = run('list-append', { kind: 'visible-abort', from: 100 });
    const verdict = checkListAppend(history);
    expect(detailsOf(verdict).anomalyTypes).toEqual(['G1a', 'dirty-update']);
    const g1a = detailsOf(verdict).anomalies.G1a ?? [];
    expect(g1a.every((w) => w.txns[1].id === faulted && w.txns[1].type === 'fail')).toBe(true);
    expect(detailsOf(verdict).notModels).toEqual(['read-committed']);
  });

  it('the same faults show in rw-register histories', () => {
    const abort = run('rw-register', { kind: 'visible-abort', from: 100 });
    const aborted = checkRwRegister(abort.history);
    expect(detailsOf(aborted).anomalyTypes).toEqual(['G1a']);
    expect(involving(aborted, abort.faulted)).toEqual(['G1a']);

    const stale = run('rw-register', { kind: 'stale-read', from: 100, lag: 20 });
    const staleVerdict = checkRwRegister(stale.history);
    expect(detailsOf(staleVerdict).anomalyTypes).toEqual(['G-single-realtime']);
    expect(involving(staleVerdict, stale.faulted)).toEqual(['G-single-realtime']);
  });
});
