import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PgConnection } from './connection.js';
import { commitErrorIsCertain, Rollback, runTransaction } from './transaction.js';

// What a transaction's outcome means for the history: errors before COMMIT are certain
// failures; at COMMIT only the server's word that it rolled back is.

function serverError(code: string, message = 'server says no'): Error {
  const err = new pg.DatabaseError(message, 0, 'error');
  err.code = code;
  return err;
}

/** A connection that answers each statement from a script and remembers what it was sent. */
class ScriptedConnection {
  readonly sent: string[] = [];
  destroyed = false;

  constructor(private readonly answer: (statement: string) => Error | undefined) {}

  get usable(): boolean {
    return !this.destroyed;
  }

  async query(text: string): Promise<unknown[]> {
    this.sent.push(text);
    const err = this.answer(text);
    if (err) throw err;
    return [];
  }

  destroy(): void {
    this.destroyed = true;
  }
}

async function outcome(answer: (statement: string) => Error | undefined, body = async (c: PgConnection): Promise<unknown> => c.query('SELECT 1')) {
  const connection = new ScriptedConnection(answer);
  const result = await runTransaction(connection as unknown as PgConnection, 'repeatable-read', body);
  return { result, connection };
}

describe('a transaction in the history', () => {
  it('opens at the chosen isolation level and commits', async () => {
    const { result, connection } = await outcome(
      () => undefined,
      async () => 'seen',
    );
    expect(result).toEqual({ type: 'ok', value: 'seen' });
    expect(connection.sent).toEqual(['BEGIN ISOLATION LEVEL REPEATABLE READ', 'COMMIT']);
  });

  it('fails, certainly, on a serialization failure before COMMIT, and rolls back on the same connection', async () => {
    const { result, connection } = await outcome((s) => (s === 'SELECT 1' ? serverError('40001') : undefined));
    expect(result).toEqual({ type: 'fail', error: '40001 serialization failure' });
    expect(connection.sent).toEqual(['BEGIN ISOLATION LEVEL REPEATABLE READ', 'SELECT 1', 'ROLLBACK']);
    expect(connection.destroyed).toBe(false);
  });

  it('fails, certainly, on a deadlock', async () => {
    const { result } = await outcome((s) => (s === 'SELECT 1' ? serverError('40P01') : undefined));
    expect(result).toEqual({ type: 'fail', error: '40P01 deadlock' });
  });

  it('fails when the connection breaks before COMMIT was sent, and drops the connection', async () => {
    const { result, connection } = await outcome((s) => (s === 'SELECT 1' ? new Error('read ECONNRESET') : undefined));
    expect(result).toEqual({ type: 'fail', error: 'read ECONNRESET' });
    expect(connection.destroyed).toBe(true);
    expect(connection.sent).not.toContain('COMMIT');
  });

  it('is unknown (info) when the connection breaks during COMMIT', async () => {
    const { result, connection } = await outcome((s) => (s === 'COMMIT' ? new Error('Connection terminated unexpectedly') : undefined));
    expect(result).toEqual({ type: 'info', error: 'Connection terminated unexpectedly' });
    expect(connection.destroyed).toBe(true);
  });

  it('is unknown when the server goes down during COMMIT', async () => {
    const { result } = await outcome((s) => (s === 'COMMIT' ? serverError('57P01', 'terminating connection due to administrator command') : undefined));
    expect(result.type).toBe('info');
  });

  it('fails when the server refuses the COMMIT itself (serializable conflicts found at commit)', async () => {
    const { result, connection } = await outcome((s) => (s === 'COMMIT' ? serverError('40001') : undefined));
    expect(result).toEqual({ type: 'fail', error: '40001 serialization failure' });
    expect(connection.destroyed).toBe(false);
  });

  it('fails with the reason when the body decides to roll back', async () => {
    const { result, connection } = await outcome(
      () => undefined,
      async () => new Rollback('insufficient funds'),
    );
    expect(result).toEqual({ type: 'fail', error: 'insufficient funds' });
    expect(connection.sent).toEqual(['BEGIN ISOLATION LEVEL REPEATABLE READ', 'ROLLBACK']);
  });

  it('counts only rollback states as certain at COMMIT', () => {
    for (const state of ['40001', '40P01', '40002', '23505', '22012']) expect(commitErrorIsCertain(state)).toBe(true);
    for (const state of [undefined, '40003', '57P01', '57P02', '08006', 'XX000', '53100']) expect(commitErrorIsCertain(state)).toBe(false);
  });
});
