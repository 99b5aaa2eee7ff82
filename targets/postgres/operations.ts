import type { Invocation } from '../../core/target.js';
import type { PgConnection } from './connection.js';
import type { Tables } from './schema.js';
import { Rollback } from './transaction.js';
import type { PostgresWorkloadName } from './workload-names.js';

// What each history operation does inside its transaction. Every read is by primary key and
// every read-modify-write reads and writes in separate statements, so what an isolation
// level allows between statements is what the history shows.

/** The statements of one operation; resolves with the value its `ok` completion carries. */
export type TransactionBody = (connection: PgConnection) => Promise<unknown>;

export interface OperationContext {
  tables: Tables;
  /** Accounts the bank workload reads, in order. */
  accounts: readonly number[];
}

/** The transaction body for an operation, or the reason the workload cannot perform it. */
export function operationBody(workload: PostgresWorkloadName, op: Invocation, context: OperationContext): TransactionBody | string {
  const { tables } = context;
  switch (`${workload}/${op.f}`) {
    case 'list-append/txn':
      return txnBody(
        op.value,
        'append',
        async (c, k, v) => {
          await c.query(`INSERT INTO ${tables.append} AS t (k, v) VALUES ($1, ARRAY[$2::integer]) ON CONFLICT (k) DO UPDATE SET v = t.v || $2::integer`, [
            k,
            v,
          ]);
        },
        async (c, k) => (await c.query<{ v: number[] }>(`SELECT v FROM ${tables.append} WHERE k = $1`, [k]))[0]?.v ?? [],
      );
    case 'rw-register/txn':
      return txnBody(
        op.value,
        'w',
        async (c, k, v) => {
          await c.query(`INSERT INTO ${tables.register} AS t (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, [k, v]);
        },
        async (c, k) => (await c.query<{ v: number | null }>(`SELECT v FROM ${tables.register} WHERE k = $1`, [k]))[0]?.v ?? null,
      );
    case 'counter/increment':
      if (!isInteger(op.key)) return 'an increment needs an integer key';
      return async (c) => {
        const [row] = await c.query<{ v: number }>(`SELECT v FROM ${tables.counter} WHERE k = $1`, [op.key]);
        if (!row) return new Rollback(`no counter ${op.key}`);
        await c.query(`UPDATE ${tables.counter} SET v = $2 WHERE k = $1`, [op.key, row.v + 1]);
        return [row.v, row.v + 1];
      };
    case 'counter/read':
      if (!isInteger(op.key)) return 'a counter read needs an integer key';
      return async (c) => {
        const [row] = await c.query<{ v: number }>(`SELECT v FROM ${tables.counter} WHERE k = $1`, [op.key]);
        return row ? row.v : new Rollback(`no counter ${op.key}`);
      };
    case 'bank/transfer':
      return transferBody(op.value, tables.bank);
    case 'bank/read':
      return async (c) => {
        const balances: Record<string, number> = {};
        // One statement per account: at read committed each sees its own snapshot.
        for (const id of context.accounts) {
          const [row] = await c.query<{ balance: number }>(`SELECT balance FROM ${tables.bank} WHERE id = $1`, [id]);
          if (row) balances[String(id)] = row.balance;
        }
        return balances;
      };
    case 'set/add':
      if (!isInteger(op.value)) return 'an add needs an integer element';
      return async (c) => {
        await c.query(`INSERT INTO ${tables.set} (v) VALUES ($1)`, [op.value]);
        return op.value;
      };
    case 'set/read':
      return async (c) => (await c.query<{ v: number }>(`SELECT v FROM ${tables.set} ORDER BY v`)).map((row) => row.v);
    default:
      return `the ${workload} workload cannot perform "${op.f}"`;
  }
}

type Write = (c: PgConnection, key: number, value: number) => Promise<void>;
type Read = (c: PgConnection, key: number) => Promise<unknown>;

/** A list of micro-ops: reads fill in what they saw, writes go through `write`. */
function txnBody(value: unknown, writeF: 'append' | 'w', write: Write, read: Read): TransactionBody | string {
  if (!Array.isArray(value)) return 'a txn value must be a list of micro-ops';
  for (const mop of value) {
    const ok = Array.isArray(mop) && mop.length === 3 && isInteger(mop[1]) && ((mop[0] === 'r' && mop[2] === null) || (mop[0] === writeF && isInteger(mop[2])));
    if (!ok) return `micro-op ${JSON.stringify(mop)} is not ["r", key, null] or ["${writeF}", key, value] with integer keys and values`;
  }
  const mops = value as [string, number, number | null][];
  return async (c) => {
    const done: unknown[] = [];
    for (const [f, k, v] of mops) {
      if (f === 'r') done.push(['r', k, await read(c, k)]);
      else {
        await write(c, k, v as number);
        done.push([f, k, v]);
      }
    }
    return done;
  };
}

function transferBody(value: unknown, table: string): TransactionBody | string {
  const t = value as { from?: unknown; to?: unknown; amount?: unknown } | null;
  if (!t || !isInteger(t.from) || !isInteger(t.to) || !isInteger(t.amount) || t.amount <= 0) return 'a transfer needs integer accounts and a positive amount';
  const { from, to, amount } = t as { from: number; to: number; amount: number };
  return async (c) => {
    const balance = async (id: number) => (await c.query<{ balance: number }>(`SELECT balance FROM ${table} WHERE id = $1`, [id]))[0]?.balance;
    const [fromBalance, toBalance] = [await balance(from), await balance(to)];
    if (fromBalance === undefined || toBalance === undefined) return new Rollback('no such account');
    if (fromBalance < amount) return new Rollback('insufficient funds');
    // Balances computed from what this transaction read, as an application would write them.
    await c.query(`UPDATE ${table} SET balance = $2 WHERE id = $1`, [from, fromBalance - amount]);
    await c.query(`UPDATE ${table} SET balance = $2 WHERE id = $1`, [to, toBalance + amount]);
    return value;
  };
}

function isInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && Math.abs(x) < 2 ** 31;
}
