import { describe, expect, it } from 'vitest';
import { allImpliedAnomalies } from './anomalies.js';
import { anomaliesProhibitedBy, canonicalModel, modelsRuledOutBy } from './models.js';

describe('consistency model lattice', () => {
  it('rules out only read uncommitted as the weakest model for a write cycle', () => {
    const { notModels, alsoNotModels } = modelsRuledOutBy(['G0']);
    expect(notModels).toEqual(['read-uncommitted']);
    expect(alsoNotModels).toContain('strict-serializable');
    expect(alsoNotModels).toContain('strong-session-read-uncommitted');
  });

  it('lets snapshot isolation survive write skew but not serializability', () => {
    const { notModels, alsoNotModels } = modelsRuledOutBy(['G2-item']);
    expect(notModels).toEqual(['repeatable-read']);
    expect(alsoNotModels).toEqual(['serializable', 'strict-serializable', 'strong-session-serializable']);
  });

  it('treats read skew as a violation of both consistent view and repeatable read', () => {
    expect(modelsRuledOutBy(['G-single']).notModels).toEqual(['consistent-view', 'repeatable-read']);
  });

  it('rules out only the real-time models for a stale read', () => {
    const { notModels, alsoNotModels } = modelsRuledOutBy(['G-single-realtime']);
    expect(notModels).toEqual(['strong-snapshot-isolation']);
    expect(alsoNotModels).toEqual(['strict-serializable']);
  });

  it('finds nothing ruled out when there are no anomalies', () => {
    expect(modelsRuledOutBy([])).toEqual({ notModels: [], alsoNotModels: [] });
  });

  it('prohibits every cycle under strict serializability, and no cycle-free anomaly beyond G1 under read committed', () => {
    const strict = anomaliesProhibitedBy(['strict-serializable']);
    for (const a of ['G0', 'G1c', 'G-single', 'G2-item', 'G0-realtime', 'G-single-process', 'G2-item-realtime', 'internal']) {
      expect(strict.has(a as never), a).toBe(true);
    }
    const rc = anomaliesProhibitedBy(['read-committed']);
    expect(rc.has('G1c')).toBe(true);
    expect(rc.has('G0')).toBe(true);
    expect(rc.has('incompatible-order')).toBe(true);
    expect(rc.has('G-single')).toBe(false);
    expect(rc.has('internal')).toBe(false);
  });

  it('expands implications transitively', () => {
    const implied = allImpliedAnomalies(['G0']);
    expect([...implied].sort()).toEqual(['G0', 'G0-process', 'G0-realtime', 'G1', 'G1-process', 'G1-realtime', 'G1c', 'G1c-process', 'G1c-realtime'].sort());
  });

  it('accepts Adya level names as aliases', () => {
    expect(canonicalModel('PL-2.99')).toBe('repeatable-read');
    expect(canonicalModel('strong-serializable')).toBe('strict-serializable');
    expect(canonicalModel('serialisable')).toBeUndefined();
  });
});
