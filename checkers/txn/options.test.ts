import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/errors.js';
import { DEFAULT_TXN_OPTIONS, parseTxnOptions } from './options.js';

describe('txn checker options', () => {
  it('defaults to strict serializability', () => {
    expect(parseTxnOptions({})).toEqual(DEFAULT_TXN_OPTIONS);
  });

  it('accepts CLI strings: comma-separated lists, numbers and booleans', () => {
    const o = parseTxnOptions({ consistencyModels: 'serializable, PL-2.99', anomalies: 'G1a', cycleSearchTimeoutMs: '250', wfrKeys: 'true' });
    expect(o.consistencyModels).toEqual(['serializable', 'repeatable-read']);
    expect(o.anomalies).toEqual(['G1a']);
    expect(o.cycleSearchTimeoutMs).toBe(250);
    expect(o.wfrKeys).toBe(true);
  });

  it('names an unknown model and quotes it', () => {
    expect(() => parseTxnOptions({ consistencyModels: ['serialisable'] })).toThrow(ConfigError);
    expect(() => parseTxnOptions({ consistencyModels: ['serialisable'] })).toThrow(/^consistencyModels: unknown consistency model "serialisable" \(known: read-uncommitted, /);
  });

  it('names an unknown anomaly', () => {
    expect(() => parseTxnOptions({ anomalies: 'G3' })).toThrow(/^anomalies: unknown anomaly "G3"/);
  });

  it('names a bad budget and quotes its value', () => {
    expect(() => parseTxnOptions({ cycleSearchMaxEdges: -5 })).toThrow(/^cycleSearchMaxEdges: .*greater than zero.*\(got -5\)/);
    expect(() => parseTxnOptions({ cycleSearchTimeoutMs: 'soon' })).toThrow(/^cycleSearchTimeoutMs: .*\(got "soon"\)/);
    expect(() => parseTxnOptions({ maxWitnesses: 2.5 })).toThrow(/^maxWitnesses: .*whole number/);
    expect(() => parseTxnOptions({ wfrKeys: 'yes' })).toThrow(/^wfrKeys: /);
  });

  it('refuses to check nothing', () => {
    expect(() => parseTxnOptions({ consistencyModels: '' })).toThrow(/nothing to check/);
  });

  it('ignores options meant for other checkers', () => {
    expect(parseTxnOptions({ model: 'cas-register' })).toEqual(DEFAULT_TXN_OPTIONS);
  });
});
