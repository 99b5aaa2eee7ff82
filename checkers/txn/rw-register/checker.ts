import type { History } from '../../../core/history.js';
import { RW_REGISTER_SHAPE } from '../shapes.js';
import type { Checker } from '../../../core/verdict.js';
import { runTxnCheck, type WorkloadAnalyzer } from '../core/run-check.js';
import { RW_REGISTER_OPTIONS } from '../options.js';
import type { TxnCheckDetails, TxnVerdict } from '../types.js';
import { addRegisterEdges } from './dependency-edges.js';
import { RegisterExplainer } from './explain.js';
import { buildRegisterIndex } from './register-index.js';
import { checkRegisterReads } from './txn-checks.js';
import { inferVersionOrder } from './version-order.js';
import { cyclicVersionsWitness } from './witnesses.js';

const rwRegister: WorkloadAnalyzer = {
  workload: 'rw-register',
  analyze(table, options, plan, edges, log) {
    const index = buildRegisterIndex(table);
    checkRegisterReads(table, index, log);
    const order = inferVersionOrder(table, index, options);
    for (const cycle of order.cycles) log.add('cyclic-versions', () => cyclicVersionsWitness(table, index, cycle));
    addRegisterEdges(table, index, order, edges, plan.rwEdges);
    return new RegisterExplainer(table, index, order);
  },
};

/** Checks an rw-register history (micro-ops ["w", k, v] and ["r", k, v]) against the requested consistency models. */
export function checkRwRegister(history: History, options: Record<string, unknown> = {}, signal?: AbortSignal): TxnVerdict {
  return runTxnCheck(history, options, rwRegister, signal);
}

/** Elle's rw-register analysis: version orders inferred from the initial state and the enabled assumptions, then dependency cycles. */
export const rwRegisterChecker: Checker<TxnCheckDetails> = {
  name: 'rw-register',
  accepts: RW_REGISTER_SHAPE,
  options: RW_REGISTER_OPTIONS,
  summary:
    'Elle-style isolation checker for transactions of register reads and writes; options wfrKeys, sequentialKeys, linearizableKeys add version-order assumptions',
  check(history, options, context) {
    return checkRwRegister(history, options, context?.signal);
  },
};
