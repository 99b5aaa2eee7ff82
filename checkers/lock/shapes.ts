import { boolean, finiteNumber, leaf, nullable, record, type HistoryShape } from '../../core/history-shape.js';

// The operations the lock checker reads, checked before it runs (../shape.ts).

const nonNegative = leaf('a number of 0 or more', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);

export const LOCK_SHAPE: HistoryShape = {
  ops: {
    acquire: { ok: record({ token: nullable(finiteNumber), validityMs: nullable(nonNegative) }) },
    release: { ok: boolean },
    'read-resource': { ok: finiteNumber },
    'write-resource': { invoke: record({ value: finiteNumber, token: nullable(finiteNumber) }) },
  },
  otherOps: 'ignore',
};
