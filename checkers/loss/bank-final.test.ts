import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkBank as checkBankVerdict } from './bank.js';

const checkBank = (...args: Parameters<typeof checkBankVerdict>) => decided(checkBankVerdict(...args));

const transfer = (from: string, to: string, amount: number) => ({ from, to, amount });

describe('bank: acknowledged transfers reflected in the final read', () => {
  it('is invalid when an acknowledged transfer never landed, naming it', () => {
    const h = new HistoryBuilder();
    h.call(0, 'transfer', transfer('a', 'b', 4), undefined);
    const lost = h.invoke(0, 'transfer', transfer('b', 'c', 2));
    h.ok(0);
    const final = h.call(1, 'read', null, { a: 6, b: 14, c: 10 });
    const result = checkBank(h.build(), { accounts: ['a', 'b', 'c'], initialBalance: 10 });
    expect(result.valid).toBe(false);
    expect(result.badReads).toEqual([]);
    expect(result.unreflected).toEqual([{ finalReadIndex: final, differences: { b: 2, c: -2 }, transfers: [lost] }]);
    expect(result.banks[0].finalState).toBe('not-reflected');
  });

  it('takes the starting balances from a read before the first transfer', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, { a: 5, b: 5 });
    h.call(0, 'transfer', transfer('a', 'b', 1), undefined);
    h.call(1, 'read', null, { a: 5, b: 5 });
    const result = checkBank(h.build());
    expect(result.valid).toBe(false);
    expect(result.unreflected).toMatchObject([{ differences: { a: 1, b: -1 }, transfers: [2] }]);
  });

  it('leaves the final state undecided when a transfer outcome is unknown or nothing is read after the transfers', () => {
    const h = new HistoryBuilder();
    h.invoke(0, 'transfer', transfer('a', 'b', 1));
    h.info(0, undefined, 'timeout');
    h.call(1, 'read', null, { a: 10, b: 10 });
    const unknown = checkBank(h.build(), { accounts: ['a', 'b'], initialBalance: 10 });
    expect(unknown.valid).toBe(true);
    expect(unknown.banks[0]).toMatchObject({ finalState: 'undecidable', reason: '1 transfers have an unknown outcome' });

    const h2 = new HistoryBuilder();
    h2.invoke(1, 'read', null);
    h2.call(0, 'transfer', transfer('a', 'b', 1), undefined);
    h2.ok(1, { a: 10, b: 10 });
    const concurrent = checkBank(h2.build(), { accounts: ['a', 'b'], initialBalance: 10 });
    expect(concurrent.banks[0]).toMatchObject({ finalState: 'undecidable', reason: 'no ok read began after every transfer had finished' });
  });

  it('checks each key as its own bank', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, { a: 1 }, 'x');
    h.call(1, 'read', null, { a: 2 }, 'y');
    h.call(1, 'read', null, { a: 3 }, 'y');
    const result = checkBank(h.build());
    expect(result.banks.map((b) => [b.key, b.total])).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    expect(result.badReads).toMatchObject([{ key: 'y', problems: [{ kind: 'wrong-total', total: 3, expected: 2 }] }]);
  });
});
