import { errorMessage } from '../../core/errors.js';
import { errorClassifier } from '../support/client-errors.js';
import type { PgConnection } from './connection.js';
import { sqlState } from './connection.js';
import { beginStatement, type IsolationLevel } from './isolation.js';

// One transaction at a chosen isolation level, and what its outcome means for the history:
// until COMMIT is sent nothing can have committed, so any error is a certain `fail`; once it
// is sent, only an answer from the server that the transaction was rolled back is a `fail`,
// and anything else (a lost connection, a timeout, a crash) leaves it unknown: `info`.

export type TxnOutcome<T> = { type: 'ok'; value: T } | { type: 'fail' | 'info'; error: string };

/** Returned by a transaction body that decides not to commit (e.g. an overdraft). */
export class Rollback {
  constructor(readonly reason: string) {}
}

/** SQLSTATEs and classes that mean a COMMIT certainly did not take effect. */
const ROLLED_BACK_STATES = new Set(['40001', '40002', '40P01']);
const ROLLED_BACK_CLASSES = new Set(['22', '23', '25', '42']);

export function commitErrorIsCertain(state: string | undefined): boolean {
  if (state === undefined) return false;
  return ROLLED_BACK_STATES.has(state) || ROLLED_BACK_CLASSES.has(state.slice(0, 2));
}

/** PostgreSQL's errors in the history's terms: a COMMIT the server answered with a rollback state did nothing. */
export const classifyPgError = errorClassifier([
  { test: (err) => commitErrorIsCertain(sqlState(err)), outcome: 'fail', why: 'the server rolled the transaction back (its SQLSTATE says so)' },
]);

const NAMES: Readonly<Record<string, string>> = {
  '40001': 'serialization failure',
  '40P01': 'deadlock',
  '57P01': 'server shutting down',
  '57P02': 'server crashed',
  '57P03': 'server not accepting connections yet',
};

/** Short, stable error text for the history: the SQLSTATE and its meaning, or the socket's complaint. */
export function describeError(err: unknown): string {
  const state = sqlState(err);
  if (state === undefined) return errorMessage(err);
  return `${state} ${NAMES[state] ?? errorMessage(err)}`;
}

export async function runTransaction<T>(
  connection: PgConnection,
  level: IsolationLevel,
  body: (connection: PgConnection) => Promise<T | Rollback>,
): Promise<TxnOutcome<T>> {
  let result: T | Rollback;
  try {
    await connection.query(beginStatement(level));
    result = await body(connection);
  } catch (err) {
    await abandon(connection, err);
    // Nothing is committed before COMMIT is sent.
    return { type: classifyPgError(err, { sent: false }), error: describeError(err) };
  }
  if (result instanceof Rollback) {
    await abandon(connection, undefined);
    return { type: 'fail', error: result.reason };
  }
  try {
    await connection.query('COMMIT');
    return { type: 'ok', value: result };
  } catch (err) {
    const type = classifyPgError(err, { sent: true });
    // A failed COMMIT ends the transaction block, so the connection can go on if it is alive.
    if (type === 'info') connection.destroy();
    return { type, error: describeError(err) };
  }
}

/** Rolls back an open transaction; a connection that cannot even do that is cut. */
async function abandon(connection: PgConnection, err: unknown): Promise<void> {
  if (!connection.usable || (err !== undefined && sqlState(err) === undefined)) {
    connection.destroy();
    return;
  }
  try {
    await connection.query('ROLLBACK');
  } catch {
    connection.destroy();
  }
}
