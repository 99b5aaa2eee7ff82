import { describe, expect, it } from 'vitest';
import { validateHistory } from '../core/history-reader.js';
import { statsChecker } from './stats.js';

// Operation names are data. Named like Object.prototype members they must be counted like any
// other (a never-ok "constructor" makes the history invalid) and must pollute nothing.

function history(fs: string[], outcome: 'ok' | 'fail') {
  return validateHistory(
    fs.flatMap((f, p) => [
      { index: 2 * p, time: 2 * p, type: 'invoke', process: p, f, value: null },
      { index: 2 * p + 1, time: 2 * p + 1, type: outcome, process: p, f, value: null },
    ]),
  );
}

describe('stats with operation names such as toString, constructor and __proto__', () => {
  const names = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

  it('counts each as its own kind, and a never-ok one makes the history invalid', () => {
    const verdict = statsChecker.check(history(names, 'fail'), {}) as { valid: boolean; byF: Record<string, { fail: number }>; neverOk: string[] };
    expect(verdict.valid).toBe(false);
    expect(verdict.neverOk).toEqual([...names].sort());
    for (const f of names) expect(Object.hasOwn(verdict.byF, f) && verdict.byF[f].fail).toBe(1);
    // biome-ignore lint/suspicious/noProto: an operation named __proto__ is the point of this test
    expect(JSON.parse(JSON.stringify(verdict)).byF.__proto__).toEqual({ count: 1, ok: 0, fail: 1, info: 0 });
  });

  it('is valid when they all succeed, and leaves Object.prototype alone', () => {
    const verdict = statsChecker.check(history(names, 'ok'), {}) as { valid: boolean };
    expect(verdict.valid).toBe(true);
    expect(({} as Record<string, unknown>).count).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
