// Workloads any target can run: generators of operations plus the checkers that judge them.
export { registerWorkload, type RegisterWorkloadOptions } from './register.js';
export { appendWorkload, type AppendWorkloadOptions } from './append.js';
export { setWorkload, type SetWorkloadOptions } from './set.js';
export { incrementsWorkload, type IncrementsWorkloadOptions } from './increments.js';
export { listAppendWorkload, rwRegisterWorkload, type TxnWorkloadOptions } from './txn.js';
export { ListAppendTxnSource, TxnMix, resolveTxnSourceOptions, type ListAppendMicroOp, type TxnSourceOptions } from './txn-list-append.js';
export { RwRegisterTxnSource, type RwRegisterMicroOp } from './txn-rw-register.js';
export { bankAccounts, bankWorkload, resolveBankOptions, type BankWorkloadOptions } from './bank.js';
export { counterWorkload, readUntilOk, resolveCounterOptions, type CounterWorkloadOptions } from './counter.js';
export { lockLoop, lockWorkload, resolveLockOptions, type LockWorkloadOptions } from './lock.js';
