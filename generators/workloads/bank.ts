import { ConfigError } from '../../core/errors.js';
import { fn } from '../index.js';
import type { Workload } from '../../core/target.js';
import { readUntilOk } from './counter.js';

// Jepsen's bank for the bank checker (checkers/loss/bank.ts): money moves between a few
// accounts, and every read of all balances must add up to what the bank started with.
//   {"f":"transfer","value":{"from":0,"to":3,"amount":2}}   invoke and completion
//   {"f":"read","value":null}  →  {"f":"read","value":{"0":98,"1":100,…}}
// A transfer that would overdraw its source account should complete as `fail`.

export interface BankWorkloadOptions {
  /** Accounts 0 … accounts-1 (default 5): few accounts keep transfers colliding. */
  accounts?: number;
  /** Each account's balance before the run (default 100). */
  initialBalance?: number;
  /** Largest amount one transfer moves (default 5). */
  maxTransfer?: number;
  /** Share of operations that read every balance (default 0.25). */
  readFraction?: number;
}

export function resolveBankOptions(options: BankWorkloadOptions): Required<BankWorkloadOptions> {
  const o = {
    accounts: options.accounts ?? 5,
    initialBalance: options.initialBalance ?? 100,
    maxTransfer: options.maxTransfer ?? 5,
    readFraction: options.readFraction ?? 0.25,
  };
  const whole = (field: keyof typeof o, min: number) => {
    const v = o[field];
    if (!Number.isSafeInteger(v) || v < min) throw new ConfigError(field, `must be a whole number of at least ${min}, got ${JSON.stringify(v)}`);
  };
  whole('accounts', 2);
  whole('initialBalance', 0);
  whole('maxTransfer', 1);
  if (!(o.readFraction >= 0 && o.readFraction <= 1)) throw new ConfigError('readFraction', `must be between 0 and 1, got ${JSON.stringify(o.readFraction)}`);
  return o;
}

/** The account names a bank of this size uses, as the bank checker and a target's schema see them. */
export function bankAccounts(accounts: number): number[] {
  return Array.from({ length: accounts }, (_, i) => i);
}

export function bankWorkload(options: BankWorkloadOptions = {}): Workload {
  const { accounts, initialBalance, maxTransfer, readFraction } = resolveBankOptions(options);
  return {
    name: 'bank',
    generator: fn((ctx) => {
      if (ctx.rng.float() < readFraction) return { f: 'read', value: null };
      const from = ctx.rng.int(0, accounts - 1);
      // Any account but `from`, uniformly.
      const other = ctx.rng.int(0, accounts - 2);
      const to = other >= from ? other + 1 : other;
      return { f: 'transfer', value: { from, to, amount: ctx.rng.int(1, maxTransfer) } };
    }),
    final: readUntilOk({ f: 'read', value: null }),
    checkers: [{ checker: 'bank', options: { accounts: bankAccounts(accounts), initialBalance, negativeBalances: false } }],
  };
}
