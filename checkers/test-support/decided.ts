import type { Verdict } from '../../core/verdict.js';

/** Narrows a verdict to valid or invalid, throwing on `unknown`: for tests that read the details. */
export function decided<D extends object>(verdict: Verdict<D>): ({ valid: true } & D) | ({ valid: false } & D) {
  if (verdict.valid === 'unknown') throw new Error(`expected a decided verdict, got unknown: ${verdict.reason}`);
  return verdict as ({ valid: true } & D) | ({ valid: false } & D);
}
