import { describe, expect, it } from 'vitest';
import { decided, HistoryBuilder } from '../test-support/index.js';
import { checkBank as checkBankVerdict } from './bank.js';

const checkBank = (...args: Parameters<typeof checkBankVerdict>) => decided(checkBankVerdict(...args));

const transfer = (from: string, to: string, amount: number) => ({ from, to, amount });

describe('bank: every read conserves the total and shows every account', () => {
  it('is valid when reads sum to the total and transfers all land', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, { a: 10, b: 10 });
    h.call(0, 'transfer', transfer('a', 'b', 3), undefined);
    h.invoke(0, 'transfer', transfer('b', 'a', 50));
    h.fail(0, undefined, 'insufficient funds');
    h.call(1, 'read', null, { a: 7, b: 13 });
    const result = checkBank(h.build());
    expect(result.valid).toBe(true);
    expect(result.banks).toEqual([{ accounts: 2, total: 20, totalFrom: 'first-read', finalState: 'reflected' }]);
    expect(result.transfers).toEqual({ attempted: 2, acknowledged: 1, failed: 1, unknown: 0 });
  });

  it('names a read whose total is off', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, { a: 10, b: 10 });
    h.invoke(0, 'transfer', transfer('a', 'b', 3));
    const bad = h.call(1, 'read', null, { a: 7, b: 10 });
    h.ok(0);
    const result = checkBank(h.build());
    expect(result.valid).toBe(false);
    expect(result.badReads).toEqual([{ index: bad, invokeIndex: bad - 1, problems: [{ kind: 'wrong-total', total: 17, expected: 20 }] }]);
  });

  it('names negative balances unless they are allowed', () => {
    const h = new HistoryBuilder();
    const bad = h.call(1, 'read', null, { a: -5, b: 25 });
    const result = checkBank(h.build(), { total: 20 });
    expect(result.valid).toBe(false);
    expect(result.badReads).toMatchObject([{ index: bad, problems: [{ kind: 'negative-balances', balances: { a: -5 } }] }]);
    expect(checkBank(h.build(), { total: 20, negativeBalances: true }).valid).toBe(true);
  });

  it('names missing and unexpected accounts against the accounts option, numbers taken as names', () => {
    const h = new HistoryBuilder();
    const bad = h.call(1, 'read', null, { 0: 10, 2: 10 });
    const result = checkBank(h.build(), { accounts: [0, 1], initialBalance: 10 });
    expect(result.valid).toBe(false);
    expect(result.badReads[0].index).toBe(bad);
    expect(result.badReads[0].problems).toEqual([
      { kind: 'missing-accounts', accounts: ['1'] },
      { kind: 'unexpected-accounts', accounts: ['2'] },
    ]);
    expect(result.banks[0]).toMatchObject({ total: 20, totalFrom: 'initial-balance' });
  });

  it('names balances that are not numbers, and rejects a transfer without an amount', () => {
    const h = new HistoryBuilder();
    h.call(1, 'read', null, { a: 10, b: null });
    expect(checkBank(h.build(), { total: 10 }).badReads[0].problems).toEqual([{ kind: 'non-numeric-balances', balances: { b: null } }]);
    const h2 = new HistoryBuilder();
    h2.call(0, 'transfer', { from: 'a', to: 'b' }, undefined);
    expect(() => checkBank(h2.build())).toThrow(/bank: invoke transfer at index 0 must be \{from, to, amount\}/);
  });
});
