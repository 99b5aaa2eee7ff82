import { describe, expect, it } from 'vitest';
import { exitCodeForError } from './cli/exit-codes.js';
import { isFaultlineError } from '../core/errors.js';

// A user's target may load another copy of faultline's modules (its sources by path, or its own
// node_modules): its errors are still faultline's errors, with their exit codes and no stack.

describe("faultline's errors thrown by another copy of faultline", () => {
  it('are known by their mark, not by the class of this copy', async () => {
    // The built copy (dist/, which vitest's global setup builds) is such another copy.
    const other = await import(/* @vite-ignore */ new URL('../dist/core/errors.js', import.meta.url).href);
    const err = new other.ConfigError('ports.peer', 'taken');
    expect(err).not.toBeInstanceOf((await import('../core/errors.js')).FaultlineError);
    expect(isFaultlineError(err)).toBe(true);
    expect(exitCodeForError(err)).toBe(254);
    expect(isFaultlineError(new Error('plain'))).toBe(false);
  });
});
