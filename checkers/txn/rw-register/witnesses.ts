import type { TxnTable } from '../core/txn-table.js';
import { showKey, showValue, txnName, witnessTxn } from '../core/witness.js';
import type { Witness } from '../types.js';
import { BY_INITIAL_STATE, BY_PROCESS_ORDER, BY_REAL_TIME, BY_WRITES_FOLLOW_READS, type VersionCycle } from './version-order.js';
import type { RegisterIndex } from './register-index.js';

// Witnesses for the rw-register anomalies found without a dependency cycle.

function readPhrase(table: TxnTable, m: number): string {
  return `${txnName(table, table.mopTxn[m])} read key ${showKey(table.keys[table.mopKey[m]])} = ${showValue(table.mopValue[m])}`;
}

function single(table: TxnTable, type: Witness['type'], m: number, sentence: string, others: number[] = []): Witness {
  return {
    type,
    txns: [table.mopTxn[m], ...others].map((t) => witnessTxn(table, t)),
    key: table.keys[table.mopKey[m]],
    value: table.mopValue[m],
    summary: `${type}: ${sentence}`,
    explanation: [sentence],
  };
}

export function abortedReadWitness(table: TxnTable, m: number, writer: number): Witness {
  return single(table, 'G1a', m, `${readPhrase(table, m)}, written by ${txnName(table, writer)}, which failed`, [writer]);
}

export function intermediateReadWitness(table: TxnTable, m: number, writer: number): Witness {
  return single(table, 'G1b', m, `${readPhrase(table, m)}, which ${txnName(table, writer)} overwrote within the same transaction, so it never committed`, [
    writer,
  ]);
}

export function garbageReadWitness(table: TxnTable, m: number): Witness {
  return single(table, 'garbage-read', m, `${readPhrase(table, m)}, a value no transaction wrote to that key`);
}

export function futureReadWitness(table: TxnTable, m: number): Witness {
  const t = txnName(table, table.mopTxn[m]);
  return single(table, 'future-read', m, `${readPhrase(table, m)}, a value ${t} itself writes only later`);
}

export function internalWitness(table: TxnTable, m: number, expected: unknown): Witness {
  const w = single(table, 'internal', m, `${readPhrase(table, m)}, but its own earlier read or write of that key implies ${showValue(expected)}`);
  w.expected = expected;
  return w;
}

export function lostUpdateWitness(table: TxnTable, readMops: number[]): Witness {
  const names = readMops.map((m) => txnName(table, table.mopTxn[m]));
  const value = table.mopValue[readMops[0]];
  const state = value === null ? 'nil (its initial state)' : showValue(value);
  const sentence = `${names.join(', ')} all read key ${showKey(table.keys[table.mopKey[readMops[0]]])} = ${state} and then wrote it; each update was based on a state another one replaced`;
  return {
    type: 'lost-update',
    txns: readMops.map((m) => witnessTxn(table, table.mopTxn[m])),
    key: table.keys[table.mopKey[readMops[0]]],
    value,
    summary: `lost-update: ${sentence}`,
    explanation: [sentence],
  };
}

export function reasonWords(bits: number): string {
  const words: string[] = [];
  if (bits & BY_INITIAL_STATE) words.push('every version follows the initial state');
  if (bits & BY_WRITES_FOLLOW_READS) words.push('a transaction read the first and then wrote the second');
  if (bits & BY_PROCESS_ORDER) words.push('one process saw them in this order');
  if (bits & BY_REAL_TIME) words.push('a transaction that saw the first completed before one that saw the second began');
  return words.join('; ');
}

export function versionName(table: TxnTable, index: RegisterIndex, v: number): string {
  const w = index.versionWriter[v];
  return w < 0 ? 'nil' : showValue(table.mopValue[w]);
}

export function cyclicVersionsWitness(table: TxnTable, index: RegisterIndex, cycle: VersionCycle): Witness {
  const k = showKey(table.keys[cycle.key]);
  const names = cycle.versions.map((v) => versionName(table, index, v));
  const writers = [
    ...new Set(
      cycle.versions
        .map((v) => index.versionWriter[v])
        .filter((w) => w >= 0)
        .map((w) => table.mopTxn[w]),
    ),
  ];
  return {
    type: 'cyclic-versions',
    txns: writers.map((t) => witnessTxn(table, t)),
    key: table.keys[cycle.key],
    value: cycle.versions.map((v) => (index.versionWriter[v] < 0 ? null : table.mopValue[index.versionWriter[v]])),
    summary: `cyclic-versions: the inferred version order of key ${k} is a cycle, ${[...names, names[0]].join(' < ')}`,
    explanation: cycle.versions.map((_v, i) => `${k}: ${names[i]} < ${names[(i + 1) % names.length]} because ${reasonWords(cycle.reasons[i])}`),
  };
}
