import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
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
    expect(() => parseTxnOptions({ consistencyModels: ['serialisable'] })).toThrow(
      /^rw-register option "consistencyModels": "serialisable" is not one of read-uncommitted, /,
    );
  });

  it('names an unknown anomaly', () => {
    expect(() => parseTxnOptions({ anomalies: 'G3' })).toThrow(/^rw-register option "anomalies": "G3" is not one of G0, /);
  });

  it('names a bad budget and quotes its value', () => {
    expect(() => parseTxnOptions({ cycleSearchMaxEdges: -5 })).toThrow(
      'rw-register option "cycleSearchMaxEdges": expected a whole number (at least 1), got -5',
    );
    expect(() => parseTxnOptions({ cycleSearchTimeoutMs: 'soon' })).toThrow(
      'rw-register option "cycleSearchTimeoutMs": expected a number (at least 1), got "soon"',
    );
    expect(() => parseTxnOptions({ maxWitnesses: 2.5 })).toThrow(/"maxWitnesses": expected a whole number/);
    expect(() => parseTxnOptions({ wfrKeys: 'yes' })).toThrow('rw-register option "wfrKeys": expected true or false, got "yes"');
  });

  it('refuses to check nothing', () => {
    expect(() => parseTxnOptions({ consistencyModels: '' })).toThrow(/nothing to check/);
  });

  it('refuses options it does not take, naming those it does', () => {
    expect(() => parseTxnOptions({ model: 'cas-register' })).toThrow(
      /"model": is not an option of the rw-register checker \(it takes consistencyModels, anomalies, /,
    );
    expect(() => parseTxnOptions({ wfrKeys: true }, 'list-append')).toThrow(/is not an option of the list-append checker/);
  });
});
