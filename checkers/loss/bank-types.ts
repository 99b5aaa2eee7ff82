import type { Key, Op } from '../../core/history.js';

// History convention for the bank checker:
//   {"f":"transfer","value":{"from":"a","to":"b","amount":5}}   invoke and completion
//   {"f":"read","value":null}                                    invoke
//   {"f":"read","value":{"a":10,"b":30}}                         ok completion: account → balance
// Account names are compared as text (JSON object keys are strings), so account 1 is "1".
// An optional `key` makes each key an independent bank.

export interface Transfer {
  from: string | number;
  to: string | number;
  amount: number;
}

export type BankTransferOp = Op & { f: 'transfer'; value: Transfer };
export type BankReadOp = Op & { f: 'read'; value: Record<string, number> | null };

export interface BankOptions {
  /** The sum every read must show. Otherwise accounts × initialBalance, else the first read's sum. */
  total?: number;
  /** Every account a read must show. Otherwise the accounts of the first read. */
  accounts?: Array<string | number>;
  /** Each account's balance before the run; with `accounts` it fixes the total and the starting state. */
  initialBalance?: number;
  /** Allow balances below zero (default false). */
  negativeBalances?: boolean;
  /** Most bad reads listed (default 1000); the count stays complete. */
  limit?: number;
}

export type BankReadProblem =
  | { kind: 'wrong-total'; total: number; expected: number }
  | { kind: 'missing-accounts'; accounts: string[] }
  | { kind: 'unexpected-accounts'; accounts: string[] }
  | { kind: 'negative-balances'; balances: Record<string, number> }
  | { kind: 'non-numeric-balances'; balances: Record<string, unknown> };

/** An ok read with what is wrong with it; indices point at its completion and invocation. */
export interface BankBadRead {
  key?: Key;
  index: number;
  invokeIndex: number;
  problems: BankReadProblem[];
}

/**
 * The final read disagrees with the starting balances plus every acknowledged transfer.
 * `differences` is final minus expected per account; `transfers` lists acknowledged transfers
 * that alone would explain it by not having been applied (empty when none does).
 */
export interface BankUnreflected {
  key?: Key;
  finalReadIndex: number;
  differences: Record<string, number>;
  transfers: number[];
}

/** One independent bank: where its total came from and whether its final state was decidable. */
export interface BankSummary {
  key?: Key;
  accounts: number;
  total: number | null;
  totalFrom: 'option' | 'initial-balance' | 'first-read' | null;
  finalState: 'reflected' | 'not-reflected' | 'undecidable';
  /** Why the final state could not be decided. */
  reason?: string;
}

export interface BankDetails {
  reads: number;
  transfers: { attempted: number; acknowledged: number; failed: number; unknown: number };
  badReadCount: number;
  badReads: BankBadRead[];
  unreflected: BankUnreflected[];
  banks: BankSummary[];
  truncated: boolean;
}
