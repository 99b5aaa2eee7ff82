import type { Validity } from '../../core/verdict.js';
import { isFaultlineError } from '../../core/errors.js';

/** Jepsen's exit codes, so CI scripts can tell a broken system from a broken run. */
export const EXIT = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  badInput: 254,
  runFailed: 255,
} as const;

export function exitCodeForValidity(valid: Validity): number {
  if (valid === true) return EXIT.valid;
  if (valid === false) return EXIT.invalid;
  return EXIT.unknown;
}

/** Bad arguments, config or history files are the user's to fix (254); anything else broke the run (255). */
export function exitCodeForError(err: unknown): number {
  if (isFaultlineError(err) && ['BAD_HISTORY', 'BAD_CONFIG', 'BAD_ARGUMENT'].includes(err.code)) return EXIT.badInput;
  return EXIT.runFailed;
}
