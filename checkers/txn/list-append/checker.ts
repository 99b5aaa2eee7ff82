import type { History } from '../../../core/history.js';
import { LIST_APPEND_SHAPE } from '../shapes.js';
import type { Checker } from '../../../core/verdict.js';
import { runTxnCheck, type WorkloadAnalyzer } from '../core/run-check.js';
import { LIST_APPEND_OPTIONS } from '../options.js';
import type { TxnCheckDetails, TxnVerdict } from '../types.js';
import { ListAppendExplainer } from './explain.js';
import { checkOwnAppendOrder } from './own-order.js';
import { scanReads } from './reads.js';
import { checkWithinTransactions } from './txn-checks.js';
import { buildListVersions } from './versions.js';
import { scanWrites } from './writes.js';

const listAppend: WorkloadAnalyzer = {
  workload: 'list-append',
  analyze(table, _options, plan, edges, log) {
    const versions = buildListVersions(table);
    const { finalReaders } = scanReads(table, versions, edges, plan.rwEdges, log);
    scanWrites(table, versions, finalReaders, edges, plan.rwEdges, log);
    checkWithinTransactions(table, log);
    checkOwnAppendOrder(table, versions, log);
    return new ListAppendExplainer(table, versions);
  },
};

/** Checks a list-append history (micro-ops ["append", k, v] and ["r", k, list]) against the requested consistency models. */
export function checkListAppend(history: History, options: Record<string, unknown> = {}, signal?: AbortSignal): TxnVerdict {
  return runTxnCheck(history, options, listAppend, signal);
}

/** Elle's list-append analysis: version orders from the longest reads, dependency cycles, and the models they rule out. */
export const listAppendChecker: Checker<TxnCheckDetails> = {
  name: 'list-append',
  accepts: LIST_APPEND_SHAPE,
  options: LIST_APPEND_OPTIONS,
  summary: 'Elle-style isolation checker for transactions of list appends and reads; finds G0…G2 cycles and rules out consistency models',
  check(history, options, context) {
    return checkListAppend(history, options, context?.signal);
  },
};
