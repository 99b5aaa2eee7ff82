import { describe, expect, it } from 'vitest';
import { consistencyVerdict, failedCheckers } from './catch-verdict.js';

// scripts/catch-rate.ts counts a bug as caught only when a consistency checker says invalid.

describe('the catch-rate verdict', () => {
  it('does not count a run that only the stats checker failed (exit 1) as caught', () => {
    const results = { valid: false, checkers: { linearizable: { valid: true }, stats: { valid: false } } };
    expect(consistencyVerdict(results, 1)).toBe('valid');
    expect(failedCheckers(results)).toEqual(['stats']);
  });

  it('counts a consistency checker that found the history invalid, whatever stats said', () => {
    expect(consistencyVerdict({ valid: false, checkers: { 'set-full': { valid: false }, stats: { valid: true } } }, 1)).toBe('invalid');
    expect(consistencyVerdict({ valid: false, checkers: { linearizable: { valid: false }, stats: { valid: false } } }, 1)).toBe('invalid');
  });

  it('says undecided, failed and empty runs in words, never valid or invalid', () => {
    expect(consistencyVerdict({ valid: 'unknown', checkers: { linearizable: { valid: 'unknown' }, stats: { valid: true } } }, 2)).toBe(
      'undecided (linearizable: unknown)',
    );
    expect(consistencyVerdict({ valid: 'unknown', error: 'setup failed', checkers: { stats: { valid: true } } }, 255)).toMatch(
      /^run failed \(exit 255\): setup failed/,
    );
    expect(consistencyVerdict({ valid: true, checkers: { stats: { valid: true } } }, 0)).toBe('no consistency checker ran');
  });
});
