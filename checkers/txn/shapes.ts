import { anything, listOf, microOps, nullable, sameMicroOps, scalar, type HistoryShape } from '../../core/history-shape.js';

// The transactions Elle's checkers read, checked before they run (../shape.ts): f "txn" with
// a list of micro-ops; other operations are skipped. A read's value is only looked at in an
// ok completion, where null is an observation (the key's initial state).

export const LIST_APPEND_SHAPE: HistoryShape = {
  ops: {
    txn: {
      invoke: microOps({ r: anything, append: scalar }),
      ok: microOps({ r: nullable(listOf(scalar)), append: scalar }),
      pair: sameMicroOps,
    },
  },
  otherOps: 'ignore',
  uniqueWrites: { f: 'txn', microOp: 'append' },
};

export const RW_REGISTER_SHAPE: HistoryShape = {
  ops: {
    txn: {
      invoke: microOps({ r: anything, w: scalar }),
      ok: microOps({ r: nullable(scalar), w: scalar }),
      pair: sameMicroOps,
    },
  },
  otherOps: 'ignore',
  uniqueWrites: { f: 'txn', microOp: 'w' },
};
