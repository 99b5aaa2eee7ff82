import { anything, atom, listOf, microOps, sameMicroOps, tuple, type HistoryShape } from '../../core/history-shape.js';
import type { ModelName } from './models/catalog.js';

// The operations each built-in model accepts, checked before the search starts
// (../shape.ts). A model knows only its own operations, so any other name is refused. A new
// model adds one entry here.

const REGISTER = { read: {}, write: { invoke: anything } };
const CAS = { cas: { invoke: tuple(anything, anything) } };
// Knossos writes a multi-register transaction's micro-ops as :read/:write, Jepsen's tests as :r/:w.
const REGISTER_MICRO_OPS = microOps({ r: anything, w: anything, read: anything, write: anything });

export const MODEL_SHAPES: Readonly<Record<ModelName, HistoryShape>> = {
  register: { ops: REGISTER, otherOps: 'refuse' },
  'cas-register': { ops: { ...REGISTER, ...CAS }, otherOps: 'refuse' },
  'multi-register': { ops: { txn: { invoke: REGISTER_MICRO_OPS, ok: REGISTER_MICRO_OPS, pair: sameMicroOps } }, otherOps: 'refuse' },
  kv: { ops: { ...REGISTER, ...CAS, append: { invoke: atom } }, otherOps: 'refuse' },
  set: { ops: { add: {}, read: { ok: listOf(anything) } }, otherOps: 'refuse' },
  'fifo-queue': { ops: { enqueue: {}, dequeue: {} }, otherOps: 'refuse' },
  mutex: { ops: { acquire: {}, release: {} }, otherOps: 'refuse' },
};
