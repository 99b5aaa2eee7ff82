import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.js';
import { checkBank } from './bank.js';
import { checkCounter } from './counter.js';
import { checkLostUpdate } from './lost-update.js';
import { checkSetFull } from './set-full.js';
import { bankModel, counterModel, decided, idModel, incrementModel, setModel, simulate } from '../test-support/index.js';
import { checkUniqueIds } from './unique-ids.js';

// fast-check reports the seed and path of a failing run; pass them to fc.assert to replay it.
const seeds = fc.integer({ min: 0, max: 2 ** 30 });
const run = { operations: 400, workers: 6 };

describe('loss checkers: simulated linearizable systems always pass', () => {
  it('set-full finds nothing lost, stale or unexpected', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const history = simulate(setModel({ opsPerKey: 60, readFraction: 0.3, infoFraction: 0.05 }), { seed, ...run });
        const result = decided(checkSetFull(history, { linearizable: true }));
        expect(result.valid).toBe(true);
        expect(result.outcomes).toMatchObject({ lost: 0, stale: 0, unexpected: 0 });
      }),
      { numRuns: 40 },
    );
  });

  it('counter, bank, lost-update and unique-ids are valid', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(checkCounter(simulate(counterModel({ readFraction: 0.5, infoFraction: 0.05 }), { seed, ...run })).valid).toBe(true);
        const bank = decided(
          checkBank(simulate(bankModel({ accounts: 4, initialBalance: 20, readFraction: 0.4 }), { seed, ...run }), {
            accounts: ['a0', 'a1', 'a2', 'a3'],
            initialBalance: 20,
          }),
        );
        expect(bank.valid).toBe(true);
        expect(bank.banks[0].finalState).toBe('reflected');
        expect(checkLostUpdate(simulate(incrementModel({ keys: 3 }), { seed, ...run })).valid).toBe(true);
        expect(checkUniqueIds(simulate(idModel({ infoFraction: 0.05 }), { seed, ...run })).valid).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe('set-full: a dropped element is always caught', () => {
  it('calls lost an acknowledged element that every read after its acknowledgement misses', () => {
    fc.assert(
      fc.property(seeds, fc.nat(), (seed, pick) => {
        const history = simulate(setModel({ opsPerKey: 400, readFraction: 0.3, infoFraction: 0 }), { seed, ...run });
        const acked = history.filter((op) => op.f === 'add' && op.type === 'ok');
        const victim = acked[pick % acked.length];
        const laterReads = history.filter((op) => op.f === 'read' && op.type === 'invoke' && op.index > victim.index);
        fc.pre(laterReads.some((r) => history.some((c) => c.type === 'ok' && c.process === r.process && c.f === 'read' && c.index > r.index)));
        const invokedAfter = new Set(laterReads.map((r) => `${r.process}:${r.index}`));
        const mutated = dropFromReads(history, victim.value, (read) => invokedAfter.has(`${read.process}:${read.index}`));
        const result = decided(checkSetFull(mutated));
        expect(result.valid).toBe(false);
        expect(result.lost.map((l) => l.element)).toEqual([victim.value]);
      }),
      { numRuns: 40 },
    );
  });
});

/** Removes `element` from every ok read whose invocation `chosen` picks. */
function dropFromReads(history: Op[], element: unknown, chosen: (invoke: Op) => boolean): Op[] {
  const open = new Map<number | string, Op>();
  return history.map((op) => {
    if (op.f !== 'read') return op;
    if (op.type === 'invoke') {
      open.set(op.process, op);
      return op;
    }
    const invoke = open.get(op.process) as Op;
    if (op.type !== 'ok' || !chosen(invoke)) return op;
    return { ...op, value: (op.value as unknown[]).filter((e) => e !== element) };
  });
}
