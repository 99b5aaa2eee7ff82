import type { History, Key, Op } from '../../core/history.js';
import { BANK_SHAPE } from './shapes.js';
import type { CheckContext, Checker, Verdict } from '../../core/verdict.js';
import { badOp } from './bad-op.js';
import { checkFinalState, type AckedTransfer } from './bank-final.js';
import type { BankBadRead, BankDetails, BankOptions, BankReadProblem, BankSummary } from './bank-types.js';
import { OUTCOME_FAIL, OUTCOME_OK, outcomeOf, splitByKey, withKey } from './keyed-events.js';
import { parseCheckerOptions } from '../../core/checker-options.js';
import { BANK_OPTIONS } from './options.js';

const BANK_FS: ReadonlySet<string> = new Set(['transfer', 'read']);

interface BankRules {
  total: number | undefined;
  accounts: string[] | undefined;
  initialBalance: number | undefined;
  negativeBalances: boolean;
}

/** Every read sums to the total, shows every account and no negative balance; transfers all land. */
export function checkBank(history: History, options: BankOptions = {}, context: CheckContext = {}): Verdict<BankDetails> {
  const o = parseCheckerOptions<BankRules & { limit: number }>('bank', BANK_OPTIONS, options as Record<string, unknown>);
  const rules: BankRules = { total: o.total, accounts: o.accounts, initialBalance: o.initialBalance, negativeBalances: o.negativeBalances };
  const limit = o.limit;
  const details: BankDetails = {
    reads: 0,
    transfers: { attempted: 0, acknowledged: 0, failed: 0, unknown: 0 },
    badReadCount: 0,
    badReads: [],
    unreflected: [],
    banks: [],
    truncated: false,
  };
  const { pairs, keys } = splitByKey(history, BANK_FS);
  for (const { key, events } of keys) {
    if (context.signal?.aborted) return { valid: 'unknown', reason: `aborted after ${details.banks.length} of ${keys.length} keys` };
    checkOneBank(history, pairs, key, events, rules, limit, details);
  }
  if (details.badReadCount > 0 || details.unreflected.length > 0) return { valid: false, ...details };
  if (details.reads === 0) return { valid: 'unknown', reason: 'no read completed ok, so no balance could be checked: nothing to decide', ...details };
  return { valid: true, ...details };
}

function checkOneBank(
  history: History,
  pairs: Int32Array,
  key: Key | undefined,
  events: Int32Array,
  rules: BankRules,
  limit: number,
  details: BankDetails,
): void {
  let slots: Map<string, number> | null = rules.accounts ? new Map(rules.accounts.map((name, i) => [name, i])) : null;
  let total: number | null = rules.total ?? null;
  let totalFrom: BankSummary['totalFrom'] = total !== null ? 'option' : null;
  if (total === null && rules.accounts && rules.initialBalance !== undefined) {
    total = rules.accounts.length * rules.initialBalance;
    totalFrom = 'initial-balance';
  }
  let initial: Map<string, number> | null =
    rules.accounts && rules.initialBalance !== undefined ? new Map(rules.accounts.map((name) => [name, rules.initialBalance as number])) : null;
  const acked: AckedTransfer[] = [];
  let unknownTransfers = 0;
  let transferSeen = false;
  let outstanding = 0;
  let finalCandidate = -1;
  let finalRead: { index: number; value: Record<string, unknown> } | null = null;

  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const op = history[e];
    if (op.f === 'transfer') {
      if (op.type === 'invoke') {
        const t = transferOf(op);
        details.transfers.attempted++;
        transferSeen = true;
        outstanding++;
        finalCandidate = -1;
        finalRead = null;
        const outcome = outcomeOf(history, pairs, e);
        if (outcome === OUTCOME_OK) {
          details.transfers.acknowledged++;
          acked.push({ index: e, from: String(t.from), to: String(t.to), amount: t.amount });
        } else if (outcome === OUTCOME_FAIL) details.transfers.failed++;
        else {
          details.transfers.unknown++;
          unknownTransfers++;
        }
      } else outstanding--;
      continue;
    }
    if (op.type === 'invoke') {
      if (outstanding === 0 && outcomeOf(history, pairs, e) === OUTCOME_OK) finalCandidate = e;
      continue;
    }
    if (op.type !== 'ok') continue;
    const value = op.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badOp('bank', op, 'must map each account to its balance');
    const balances = value as Record<string, unknown>;
    details.reads++;
    if (slots === null) slots = new Map(Object.keys(balances).map((name, i) => [name, i]));
    if (pairs[e] === finalCandidate) finalRead = { index: e, value: balances };
    if (initial === null && !transferSeen) {
      initial = new Map();
      for (const name in balances) if (typeof balances[name] === 'number') initial.set(name, balances[name] as number);
    }
    const problems = readProblems(balances, slots, total, rules.negativeBalances);
    if (total === null) {
      // The first read fixes the total; a read with unusable balances cannot.
      if (problems.length === 0) {
        total = sumOf(balances);
        totalFrom = 'first-read';
      }
    }
    if (problems.length === 0) continue;
    details.badReadCount++;
    if (details.badReads.length < limit) details.badReads.push(withKey(key, { index: e, invokeIndex: pairs[e], problems }) as BankBadRead);
    else details.truncated = true;
  }

  if (initial === null && rules.initialBalance !== undefined && slots !== null)
    initial = new Map([...slots.keys()].map((name) => [name, rules.initialBalance as number]));
  const final = checkFinalState({ key, initial, acked, unknownTransfers, finalRead });
  if (final.state === 'not-reflected') details.unreflected.push(final.report);
  const summary: BankSummary = { accounts: slots?.size ?? 0, total, totalFrom, finalState: final.state };
  if (final.state === 'undecidable') summary.reason = final.reason;
  details.banks.push(withKey(key, summary));
}

/** Empty for a good read; the allocation-free path is the common one. */
function readProblems(balances: Record<string, unknown>, slots: Map<string, number>, total: number | null, negativeAllowed: boolean): BankReadProblem[] {
  let sum = 0;
  let known = 0;
  let odd = false;
  for (const name in balances) {
    const balance = balances[name];
    if (!slots.has(name) || typeof balance !== 'number' || !Number.isFinite(balance) || (balance < 0 && !negativeAllowed)) {
      odd = true;
      break;
    }
    known++;
    sum += balance;
  }
  if (!odd && known === slots.size && (total === null || sum === total)) return [];
  return describeProblems(balances, slots, total, negativeAllowed);
}

function describeProblems(balances: Record<string, unknown>, slots: Map<string, number>, total: number | null, negativeAllowed: boolean): BankReadProblem[] {
  const problems: BankReadProblem[] = [];
  const unexpected = Object.keys(balances).filter((name) => !slots.has(name));
  const missing = [...slots.keys()].filter((name) => !(name in balances));
  // Account names are data: prototype-free, so an account named "__proto__" is reported like any other.
  const nonNumeric = Object.create(null) as Record<string, unknown>;
  const negative = Object.create(null) as Record<string, number>;
  for (const [name, balance] of Object.entries(balances)) {
    if (typeof balance !== 'number' || !Number.isFinite(balance)) nonNumeric[name] = balance;
    else if (balance < 0 && !negativeAllowed) negative[name] = balance;
  }
  const sum = sumOf(balances);
  if (total !== null && sum !== total) problems.push({ kind: 'wrong-total', total: sum, expected: total });
  if (missing.length > 0) problems.push({ kind: 'missing-accounts', accounts: missing });
  if (unexpected.length > 0) problems.push({ kind: 'unexpected-accounts', accounts: unexpected });
  if (Object.keys(negative).length > 0) problems.push({ kind: 'negative-balances', balances: negative });
  if (Object.keys(nonNumeric).length > 0) problems.push({ kind: 'non-numeric-balances', balances: nonNumeric });
  return problems;
}

function sumOf(balances: Record<string, unknown>): number {
  let sum = 0;
  for (const name in balances) {
    const balance = balances[name];
    if (typeof balance === 'number' && Number.isFinite(balance)) sum += balance;
  }
  return sum;
}

function transferOf(op: Op): { from: string | number; to: string | number; amount: number } {
  const v = op.value as Record<string, unknown> | null;
  const isName = (x: unknown): x is string | number => typeof x === 'string' || typeof x === 'number';
  if (typeof v !== 'object' || v === null || !isName(v.from) || !isName(v.to) || typeof v.amount !== 'number' || !Number.isFinite(v.amount)) {
    throw badOp('bank', op, 'must be {from, to, amount} with account names and a finite amount');
  }
  return { from: v.from, to: v.to, amount: v.amount };
}

export const bankChecker: Checker<BankDetails> = {
  name: 'bank',
  accepts: BANK_SHAPE,
  options: BANK_OPTIONS,
  summary: 'bank transfer/read: totals conserved, every account present, no negative balances, acknowledged transfers all applied',
  check: (history, options, context) => checkBank(history, options, context),
};
