import { anything, atom, finiteNumber, listOf, mapOf, notNull, record, tuple, type HistoryShape } from '../../core/history-shape.js';

// The operations each data-loss checker reads, as ../shape.ts checks them before the checker
// runs. Operations with other names are skipped by these checkers, so they pass.

export const SET_FULL_SHAPE: HistoryShape = {
  ops: { add: { invoke: atom }, read: { ok: listOf(atom) } },
  otherOps: 'ignore',
};

export const COUNTER_SHAPE: HistoryShape = {
  ops: { add: { invoke: finiteNumber }, read: { ok: finiteNumber } },
  otherOps: 'ignore',
};

export const LOST_UPDATE_SHAPE: HistoryShape = {
  ops: { increment: { ok: tuple(finiteNumber, finiteNumber) }, read: { ok: finiteNumber } },
  otherOps: 'ignore',
};

export const UNIQUE_IDS_SHAPE: HistoryShape = {
  ops: { generate: { ok: notNull } },
  otherOps: 'ignore',
};

/** Balances may be anything: a non-numeric balance is a finding the bank checker reports, not bad input. */
export const BANK_SHAPE: HistoryShape = {
  ops: {
    transfer: { invoke: record({ from: atom, to: atom, amount: finiteNumber }) },
    read: { ok: mapOf(anything) },
  },
  otherOps: 'ignore',
};
