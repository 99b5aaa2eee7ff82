// The SQL isolation levels and what PostgreSQL promises at each, in the transactional
// checker's vocabulary. PostgreSQL's documentation: read uncommitted behaves exactly as read
// committed, and repeatable read is snapshot isolation (it forbids more than the standard's
// repeatable read asks, but allows write skew).

export const ISOLATION_LEVELS = ['read-uncommitted', 'read-committed', 'repeatable-read', 'serializable'] as const;

export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

const SQL: Readonly<Record<IsolationLevel, string>> = {
  'read-uncommitted': 'READ UNCOMMITTED',
  'read-committed': 'READ COMMITTED',
  'repeatable-read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
};

const PROMISED: Readonly<Record<IsolationLevel, string>> = {
  'read-uncommitted': 'read-committed',
  'read-committed': 'read-committed',
  'repeatable-read': 'snapshot-isolation',
  serializable: 'serializable',
};

export function isIsolationLevel(name: string): name is IsolationLevel {
  return (ISOLATION_LEVELS as readonly string[]).includes(name);
}

/** The statement that opens a transaction at this level. */
export function beginStatement(level: IsolationLevel): string {
  return `BEGIN ISOLATION LEVEL ${SQL[level]}`;
}

/** The consistency model PostgreSQL promises at this level (a name the txn checker knows). */
export function promisedModel(level: IsolationLevel): string {
  return PROMISED[level];
}

/** Whether the level promises that two read-modify-writes of one row never both succeed on the same read. */
export function preventsLostUpdates(level: IsolationLevel): boolean {
  return level === 'repeatable-read' || level === 'serializable';
}

/** Whether every read inside one transaction sees one snapshot, so a sum of balances is always conserved. */
export function readsOneSnapshot(level: IsolationLevel): boolean {
  return level === 'repeatable-read' || level === 'serializable';
}
