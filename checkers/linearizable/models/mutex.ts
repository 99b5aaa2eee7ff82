import { ILLEGAL, OperationError, type Illegal, type Model, type ModelOperation } from '../../../core/model.js';

// A lock with one holder: acquire succeeds only when free, release only when held. Which
// process holds it is not modelled (Jepsen's mutex model does the same).

const ACQUIRE = true;
const RELEASE = false;

function encodeMutexOp(op: ModelOperation): { input: boolean; output: null } {
  if (op.f === 'acquire') return { input: ACQUIRE, output: null };
  if (op.f === 'release') return { input: RELEASE, output: null };
  throw new OperationError('f', `"${op.f}" is not an operation of the mutex model (expected acquire, release)`);
}

/** A mutual-exclusion lock: acquire when free, release when held. */
export function mutexModel(): Model<boolean, boolean, null> {
  return {
    name: 'mutex',
    init: () => false,
    encode: encodeMutexOp,
    step: (held: boolean, acquire: boolean): boolean | Illegal => (held === acquire ? ILLEGAL : acquire),
    equal: (a, b) => a === b,
    hash: (held) => (held ? 1 : 0),
    describeState: (held) => (held ? 'held' : 'free'),
    describeOperation: (acquire) => (acquire ? 'acquire' : 'release'),
    whyIllegal: (held) => (held ? 'acquire but the lock is already held' : 'release but the lock is free'),
    operationKey: (acquire) => (acquire ? 1 : 0),
  };
}
