import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from '../test-support/index.js';

// A write of 1 overlaps two reads; the first read sees 1, and the second, invoked after the
// first completed, sees the old 0 again. No single instant for the write explains both.

describe('reads that see a concurrent write out of real-time order', () => {
  const events = history(
    ['invoke', 0, 'write', 1],
    ['invoke', 1, 'read', null],
    ['ok', 1, 'read', 1],
    ['invoke', 2, 'read', null],
    ['ok', 2, 'read', 0],
    ['ok', 0, 'write', 1],
  );

  it('is rejected, blaming the second read', async () => {
    const verdict = await checkLinearizable(events, 'cas-register', { initial: 0 });
    expect(verdict.valid).toBe(false);
    const [failure] = verdict.failures ?? [];
    expect(failure.linearized.map((op) => op.index)).toEqual([0, 1]);
    expect(failure.linearized.map((op) => op.stateAfter)).toEqual(['1', '1']);
    expect(failure.deadline).toMatchObject({ index: 3, completeIndex: 4, description: 'read 0' });
    expect(failure.blocked).toEqual([expect.objectContaining({ index: 3, why: 'illegal', reason: 'read 0 but the register holds 1' })]);
    expect(failure.indices).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('is accepted when the reads see old then new', async () => {
    const inOrder = events.map((op) => (op.index === 2 ? { ...op, value: 0 } : op.index === 4 ? { ...op, value: 1 } : op));
    const verdict = await checkLinearizable(inOrder, 'cas-register', { initial: 0 });
    expect(verdict.valid).toBe(true);
    expect(verdict.stats).toMatchObject({ partitions: 1, operations: 3 });
  });
});
