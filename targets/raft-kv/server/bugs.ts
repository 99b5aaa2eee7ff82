// Seeded bugs: each one breaks a single guarantee so that a checker, under the matching fault,
// has something real to catch. All are off unless named with --bug.

export const BUG_NAMES = ['stale-read', 'lease-read', 'no-fsync', 'early-commit', 'forget-vote'] as const;

export type BugName = (typeof BUG_NAMES)[number];

export const BUG_SUMMARIES: Readonly<Record<BugName, string>> = {
  'stale-read': 'every node answers reads from its local state, leader or not',
  'lease-read': 'the leader answers reads locally while a Date.now() lease lasts (a clock stepped back stretches it)',
  'no-fsync': 'log writes are acknowledged from memory, reach the file seconds later and are never fsynced',
  'early-commit': 'the leader commits and acknowledges an entry as soon as it is in its own log',
  'forget-vote': 'term and vote are not persisted: a restarted node is back at term 0, can vote twice in one term and follows a deposed leader',
};

export function isBugName(name: string): name is BugName {
  return (BUG_NAMES as readonly string[]).includes(name);
}

export class BugSet {
  private readonly on: ReadonlySet<BugName>;

  constructor(bugs: readonly BugName[]) {
    this.on = new Set(bugs);
  }

  has(bug: BugName): boolean {
    return this.on.has(bug);
  }

  /** Any bug may break the invariants the correct code asserts; with one on, they are logged instead. */
  get any(): boolean {
    return this.on.size > 0;
  }

  list(): BugName[] {
    return [...this.on];
  }
}
