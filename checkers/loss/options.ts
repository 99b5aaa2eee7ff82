import type { OptionDeclaration, OptionDeclarations } from '../../core/checker-options.js';

// The options of the data-loss checkers (and the lock checker's limit), declared once; the
// shared parser in ../options.ts reads them from CLI flags, config files and workloads alike.

export const LIMIT_OPTION: OptionDeclaration = {
  name: 'limit',
  kind: 'integer',
  min: 0,
  default: 1000,
  help: 'most entries listed per kind of finding in the result; counts stay complete',
};

export const SET_FULL_OPTIONS: OptionDeclarations = [
  { name: 'linearizable', kind: 'boolean', default: false, help: 'also invalid when a read missed an element that was already visible (a stale read)' },
  LIMIT_OPTION,
];

export const COUNTER_OPTIONS: OptionDeclarations = [{ name: 'initial', kind: 'number', default: 0, help: "the counter's value before the run" }, LIMIT_OPTION];

export const LOST_UPDATE_OPTIONS: OptionDeclarations = [
  { name: 'initial', kind: 'number', default: 0, help: "the counter's value before the run" },
  LIMIT_OPTION,
];

export const UNIQUE_IDS_OPTIONS: OptionDeclarations = [LIMIT_OPTION];

export const BANK_OPTIONS: OptionDeclarations = [
  { name: 'total', kind: 'number', help: 'the sum every read must show (default: accounts × initial-balance, else the first read’s sum)' },
  {
    name: 'accounts',
    kind: 'list',
    numbersAsNames: true,
    nonEmpty: true,
    unique: true,
    help: 'every account a read must show (default: the accounts of the first read)',
  },
  { name: 'initialBalance', kind: 'number', help: "each account's balance before the run" },
  { name: 'negativeBalances', kind: 'boolean', default: false, help: 'allow balances below zero' },
  LIMIT_OPTION,
];
