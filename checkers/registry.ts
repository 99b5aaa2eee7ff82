import { linearizableChecker } from './linearizable/index.js';
import { lockChecker } from './lock/index.js';
import { bankChecker, counterChecker, lostUpdateChecker, setFullChecker, uniqueIdsChecker } from './loss/index.js';
import { statsChecker } from './stats.js';
import { listAppendChecker, rwRegisterChecker } from './txn/index.js';
import type { Checker } from './verdict.js';

// Every checker the CLI and workloads can name. A new checker adds one line here.
const CHECKERS: readonly Checker[] = [statsChecker, setFullChecker, counterChecker, bankChecker, lostUpdateChecker, uniqueIdsChecker, lockChecker, listAppendChecker, rwRegisterChecker, linearizableChecker];

export function checkerNames(): string[] {
  return CHECKERS.map((c) => c.name);
}

export function findChecker(name: string): Checker | undefined {
  return CHECKERS.find((c) => c.name === name);
}

export function allCheckers(): readonly Checker[] {
  return CHECKERS;
}
