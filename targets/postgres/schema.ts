import { bankAccounts } from '../../harness/workloads/bank.js';

// The tables every workload uses, all named with the run's prefix so that faultline creates
// and drops only its own tables, even in a database others use.

export interface Tables {
  /** list-append: key → the integers appended to it, in order. */
  append: string;
  /** rw-register: key → the last integer written. */
  register: string;
  /** counter: key → value, read and written back by each increment. */
  counter: string;
  /** bank: account → balance. */
  bank: string;
  /** set: one row per acknowledged insert. */
  set: string;
}

export function tablesFor(prefix: string): Tables {
  return { append: `${prefix}append`, register: `${prefix}register`, counter: `${prefix}counter`, bank: `${prefix}bank`, set: `${prefix}set` };
}

export function tableNames(tables: Tables): string[] {
  return Object.values(tables);
}

export interface SchemaShape {
  counters: number;
  accounts: number;
  initialBalance: number;
}

/** Statements that create every table and seed the counters and accounts. Prefixes are validated identifiers. */
export function createStatements(tables: Tables, shape: SchemaShape): string[] {
  const counters = Array.from({ length: shape.counters }, (_, k) => `(${k}, 0)`).join(', ');
  const accounts = bankAccounts(shape.accounts)
    .map((id) => `(${id}, ${shape.initialBalance})`)
    .join(', ');
  return [
    `CREATE TABLE ${tables.append} (k integer PRIMARY KEY, v integer[] NOT NULL)`,
    `CREATE TABLE ${tables.register} (k integer PRIMARY KEY, v integer)`,
    `CREATE TABLE ${tables.counter} (k integer PRIMARY KEY, v integer NOT NULL)`,
    `INSERT INTO ${tables.counter} (k, v) VALUES ${counters}`,
    `CREATE TABLE ${tables.bank} (id integer PRIMARY KEY, balance integer NOT NULL)`,
    `INSERT INTO ${tables.bank} (id, balance) VALUES ${accounts}`,
    `CREATE TABLE ${tables.set} (v integer PRIMARY KEY)`,
  ];
}

export function dropStatements(tables: Tables): string[] {
  return tableNames(tables).map((name) => `DROP TABLE IF EXISTS ${name}`);
}
