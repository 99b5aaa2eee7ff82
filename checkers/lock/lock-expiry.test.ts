import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkLock } from './lock-checker.js';

describe('lock: lease expiry events', () => {
  it('reports a release answered false as an expiry event, not a violation', () => {
    const h = new HistoryBuilder();
    const acquire = h.invoke(0, 'acquire', null, 'L');
    h.ok(0, { token: 3, validityMs: 5 });
    h.advance(30);
    h.invoke(0, 'release', { token: 3 }, 'L');
    const release = h.ok(0, false);
    const result = decided(checkLock(h.build()));
    expect(result.valid).toBe(true);
    expect(result.expiries).toEqual([{ process: 0, lock: 'L', acquireIndex: acquire, releaseIndex: release, token: 3, validityMs: 5, heldMs: 30 }]);
  });

  it('rejects a grant without a usable lease or token, naming the operation', () => {
    const h = new HistoryBuilder();
    h.call(0, 'acquire', null, { token: 'x', validityMs: 5 });
    expect(() => checkLock(h.build())).toThrow(/lock: ok acquire at index 1 has a token that is neither a number nor null/);
    const h2 = new HistoryBuilder();
    h2.call(0, 'acquire', null, { token: 1, validityMs: -1 });
    expect(() => checkLock(h2.build())).toThrow(/validityMs that is neither a non-negative number nor null/);
  });
});
