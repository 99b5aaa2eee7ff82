import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.js';
import { defaultAuditWorkloads, parseLevels, parseWorkloads, planAudit } from './plan.js';

describe('the audit plan', () => {
  it('runs every workload at every level, sharing each level’s time by weight', () => {
    const runs = planAudit({ levels: parseLevels(undefined), workloads: defaultAuditWorkloads([]), timeLimitMs: 25_000, seed: 9, crashes: false });
    expect(runs).toHaveLength(16);
    const rc = runs.filter((r) => r.level === 'read-committed');
    expect(rc.map((r) => [r.workload, r.timeLimitMs])).toEqual([
      ['list-append', 10_000],
      ['rw-register', 5_000],
      ['counter', 5_000],
      ['bank', 5_000],
    ]);
    expect(rc.map((r) => r.name)).toContain('postgres-list-append-read-committed');
    expect(runs.find((r) => r.level === 'repeatable-read')!.model).toBe('snapshot-isolation');
    expect(new Set(runs.map((r) => r.seed)).size).toBe(16);
    expect(planAudit({ levels: ['serializable'], workloads: ['set'], timeLimitMs: 1000, seed: 9, crashes: true })[0]).toMatchObject({
      crashes: true,
      model: 'serializable',
    });
  });

  it('adds the set workload when the server is killed', () => {
    expect(defaultAuditWorkloads(['kill'])).toContain('set');
    expect(defaultAuditWorkloads(['pause'])).not.toContain('set');
  });

  it('names bad levels and workloads', () => {
    expect(parseLevels('serializable, read-committed')).toEqual(['serializable', 'read-committed']);
    expect(() => parseLevels('snapshot')).toThrow(ConfigError);
    expect(() => parseLevels('snapshot')).toThrow(/levels: expected isolation levels from read-uncommitted, .* got "snapshot"/);
    expect(() => parseWorkloads('queue', [])).toThrow(/workloads: expected workloads from list-append, .* got "queue"/);
  });
});
