import { fromSource } from '../index.js';
import type { Rng } from '../../core/rng.js';
import type { Workload } from '../../core/target.js';
import { ListAppendTxnSource, type TxnSourceOptions } from './txn-list-append.js';
import { RwRegisterTxnSource } from './txn-rw-register.js';

export interface TxnWorkloadOptions extends TxnSourceOptions {
  rng: Rng;
  /** The models the target promises, checked by the transactional checker (default strict-serializable). */
  consistencyModels?: readonly string[];
}

/** Elle's list-append workload for any target that runs `txn` operations. */
export function listAppendWorkload(options: TxnWorkloadOptions): Workload {
  const source = new ListAppendTxnSource(options.rng, options);
  return {
    name: 'list-append',
    generator: fromSource(() => ({ f: 'txn', value: source.next() })),
    checkers: [{ checker: 'list-append', options: { consistencyModels: [...(options.consistencyModels ?? ['strict-serializable'])] } }],
  };
}

/** Elle's rw-register workload: writes of unique values and reads, in transactions. */
export function rwRegisterWorkload(options: TxnWorkloadOptions): Workload {
  const source = new RwRegisterTxnSource(options.rng, options);
  return {
    name: 'rw-register',
    generator: fromSource(() => ({ f: 'txn', value: source.next() })),
    checkers: [{ checker: 'rw-register', options: { consistencyModels: [...(options.consistencyModels ?? ['strict-serializable'])] } }],
  };
}
