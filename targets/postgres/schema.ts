import { bankAccounts } from '../../generators/workloads/bank.js';
import type { PostgresWorkloadName } from './workload-names.js';

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

const TABLE_OF: Readonly<Record<PostgresWorkloadName, keyof Tables>> = {
  'list-append': 'append',
  'rw-register': 'register',
  counter: 'counter',
  bank: 'bank',
  set: 'set',
};

/** The table a workload uses. */
export function tableFor(tables: Tables, workload: PostgresWorkloadName): string {
  return tables[TABLE_OF[workload]];
}

export interface SchemaShape {
  counters: number;
  accounts: number;
  initialBalance: number;
}

/** Statements that create a workload's table and seed it. Prefixes are validated identifiers. */
export function createStatements(tables: Tables, workload: PostgresWorkloadName, shape: SchemaShape): string[] {
  switch (workload) {
    case 'list-append':
      return [`CREATE TABLE ${tables.append} (k integer PRIMARY KEY, v integer[] NOT NULL)`];
    case 'rw-register':
      return [`CREATE TABLE ${tables.register} (k integer PRIMARY KEY, v integer)`];
    case 'counter': {
      const rows = Array.from({ length: shape.counters }, (_, k) => `(${k}, 0)`).join(', ');
      return [`CREATE TABLE ${tables.counter} (k integer PRIMARY KEY, v integer NOT NULL)`, `INSERT INTO ${tables.counter} (k, v) VALUES ${rows}`];
    }
    case 'bank': {
      const rows = bankAccounts(shape.accounts)
        .map((id) => `(${id}, ${shape.initialBalance})`)
        .join(', ');
      return [`CREATE TABLE ${tables.bank} (id integer PRIMARY KEY, balance integer NOT NULL)`, `INSERT INTO ${tables.bank} (id, balance) VALUES ${rows}`];
    }
    case 'set':
      return [`CREATE TABLE ${tables.set} (v integer PRIMARY KEY)`];
  }
}

export function dropStatements(tables: Tables, workload: PostgresWorkloadName): string[] {
  return [`DROP TABLE IF EXISTS ${tableFor(tables, workload)}`];
}
