import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../test-support/index.js';
import { detailsOf, registerVersionsRecoverable, serialOrderExists } from '../test-support/index.js';
import { checkRwRegister } from './checker.js';

// The documented boundary of rw-register inference (docs/checkers.md): a read names a
// version but not its place in the key's version order, so when nothing reveals that order
// (the initial state, a transaction that read one version and wrote the next, or one of the
// per-key assumptions) the ww and rw edges that depend on it cannot be drawn. Elle's
// rw-register has the same boundary. This history is not serializable (every order of y's
// two versions closes a cycle), yet no edge the checker may draw shows it.

function hiddenOrder(sequential: boolean) {
  const b = new HistoryBuilder();
  const t1 = b.startTxn([
    ['w', 'x', 1],
    ['w', 'y', 1],
  ]);
  if (sequential) b.endTxn(t1);
  const t2 = b.startTxn([
    ['r', 'x', null],
    ['w', 'y', 2],
  ]);
  const t0 = b.startTxn([
    ['r', 'x', 1],
    ['r', 'y', 2],
  ]);
  if (!sequential) b.endTxn(t1);
  b.endTxn(t2);
  b.endTxn(t0);
  return b.build();
}

describe('rw-register: a version order nothing reveals', () => {
  const history = hiddenOrder(false);

  it('is not serializable by brute force, and its order of y is not recoverable', () => {
    expect(serialOrderExists(history, { workload: 'rw-register', realtime: false })).toBe(false);
    expect(registerVersionsRecoverable(history)).toBe(false);
  });

  it('passes the checker, as it passes Elle: y=1 and y=2 may be in either order as far as any edge can tell', () => {
    const verdict = checkRwRegister(history, { consistencyModels: 'serializable', wfrKeys: true });
    expect(verdict.valid).toBe(true);
    expect(detailsOf(verdict).anomalyTypes).toEqual([]);
  });

  it('is caught once an assumption reveals the order: with linearizableKeys, y=1 committed before y=2 began', () => {
    const revealed = hiddenOrder(true);
    expect(checkRwRegister(revealed, { consistencyModels: 'serializable' }).valid).toBe(true);
    const verdict = checkRwRegister(revealed, { consistencyModels: 'serializable', linearizableKeys: true });
    expect(verdict.valid).toBe(false);
    expect(detailsOf(verdict).anomalyTypes).toContain('G-single');
  });
});
