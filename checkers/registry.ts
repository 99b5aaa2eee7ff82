import { ConfigError } from '../core/errors.js';
import { linearizableChecker } from './linearizable/index.js';
import { lockChecker } from './lock/index.js';
import { bankChecker, counterChecker, lostUpdateChecker, setFullChecker, uniqueIdsChecker } from './loss/index.js';
import { statsChecker } from './stats.js';
import { listAppendChecker, rwRegisterChecker } from './txn/index.js';
import type { Checker } from '../core/verdict.js';

// Every built-in checker the CLI and workloads can name. A new checker adds one line here.
const CHECKERS: readonly Checker[] = [
  statsChecker,
  setFullChecker,
  counterChecker,
  bankChecker,
  lostUpdateChecker,
  uniqueIdsChecker,
  lockChecker,
  listAppendChecker,
  rwRegisterChecker,
  linearizableChecker,
];

export function checkerNames(): string[] {
  return CHECKERS.map((c) => c.name);
}

export function findChecker(name: string): Checker | undefined {
  return CHECKERS.find((c) => c.name === name);
}

export function allCheckers(): readonly Checker[] {
  return CHECKERS;
}

/** The checkers one check may name: the built-ins plus a target's own and a user's modules. */
export interface CheckerCatalog {
  find(name: string): Checker | undefined;
  names(): string[];
  all(): readonly Checker[];
}

/** The built-ins plus `extra`; an extra checker may not take a built-in's name (or another's). */
export function checkerCatalog(extra: readonly Checker[] = []): CheckerCatalog {
  const byName = new Map(CHECKERS.map((c) => [c.name, c]));
  for (const checker of extra) {
    const taken = byName.get(checker.name);
    if (taken === checker) continue;
    if (taken)
      throw new ConfigError(
        'checkers',
        `a checker named "${checker.name}" exists already${CHECKERS.includes(taken) ? ' (a built-in)' : ''}; give yours another name`,
      );
    byName.set(checker.name, checker);
  }
  const all = [...byName.values()];
  return { find: (name) => byName.get(name), names: () => all.map((c) => c.name), all: () => all };
}
