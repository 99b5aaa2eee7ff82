import { showKey, showValue, txnName, witnessTxn } from '../core/witness.js';
import type { TxnTable } from '../core/txn-table.js';
import type { ListVersions } from './versions.js';
import type { Witness } from '../types.js';

// Witnesses for the list-append anomalies found without a cycle. Built only for the
// witnesses the log keeps.

function keyOf(table: TxnTable, m: number) {
  return table.keys[table.mopKey[m]];
}

function readPhrase(table: TxnTable, m: number): string {
  return `${txnName(table, table.mopTxn[m])} read key ${showKey(keyOf(table, m))} as ${showValue(table.mopValue[m])}`;
}

export function duplicateElementsWitness(table: TxnTable, m: number): Witness {
  const read = table.mopValue[m] as unknown[];
  const counts = new Map<unknown, number>();
  for (const e of read) counts.set(e, (counts.get(e) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1);
  const listed = repeated.map(([e, n]) => `${showValue(e)} appears ${n} times`).join(', ');
  return {
    type: 'duplicate-elements',
    txns: [witnessTxn(table, table.mopTxn[m])],
    key: keyOf(table, m),
    value: read,
    summary: `duplicate-elements: ${readPhrase(table, m)}, in which ${listed}`,
    explanation: [`${readPhrase(table, m)}, in which ${listed}; every value is appended once, so a list cannot hold it twice`],
  };
}

export function garbageReadWitness(table: TxnTable, m: number, element: unknown): Witness {
  return {
    type: 'garbage-read',
    txns: [witnessTxn(table, table.mopTxn[m])],
    key: keyOf(table, m),
    value: table.mopValue[m],
    summary: `garbage-read: ${readPhrase(table, m)}, which contains ${showValue(element)}, a value no transaction appended`,
    explanation: [
      `${readPhrase(table, m)}, which contains ${showValue(element)}, but no transaction in the history appended ${showValue(element)} to that key`,
    ],
  };
}

export function abortedReadWitness(table: TxnTable, m: number, element: unknown, writer: number): Witness {
  const w = txnName(table, writer);
  return {
    type: 'G1a',
    txns: [witnessTxn(table, table.mopTxn[m]), witnessTxn(table, writer)],
    key: keyOf(table, m),
    value: table.mopValue[m],
    summary: `G1a: ${readPhrase(table, m)}, which contains ${showValue(element)} from the failed ${w}`,
    explanation: [`${readPhrase(table, m)}, which contains ${showValue(element)}, appended by ${w}, which failed: an aborted transaction's write was visible`],
  };
}

export function incompatibleOrderWitness(table: TxnTable, m: number, longest: number): Witness {
  return {
    type: 'incompatible-order',
    txns: [witnessTxn(table, table.mopTxn[m]), witnessTxn(table, table.mopTxn[longest])],
    key: keyOf(table, m),
    value: table.mopValue[m],
    expected: table.mopValue[longest],
    summary: `incompatible-order: ${readPhrase(table, m)} but ${readPhrase(table, longest)}`,
    explanation: [
      `${readPhrase(table, m)}`,
      `${readPhrase(table, longest)}`,
      'neither is a prefix of the other, so no single order of appends explains both reads',
    ],
  };
}

export function intermediateReadWitness(table: TxnTable, m: number, element: unknown, writer: number): Witness {
  const w = txnName(table, writer);
  return {
    type: 'G1b',
    txns: [witnessTxn(table, table.mopTxn[m]), witnessTxn(table, writer)],
    key: keyOf(table, m),
    value: table.mopValue[m],
    summary: `G1b: ${readPhrase(table, m)}, ending in ${w}'s intermediate append of ${showValue(element)}`,
    explanation: [
      `${readPhrase(table, m)}, which ends in ${showValue(element)}; ${w} appended ${showValue(element)} and then appended to the same key again, so that state never committed`,
    ],
  };
}

export function lostUpdateWitness(table: TxnTable, readMops: number[]): Witness {
  const txns = readMops.map((m) => table.mopTxn[m]);
  const names = txns.map((t) => txnName(table, t));
  const k = showKey(keyOf(table, readMops[0]));
  const state = showValue(table.mopValue[readMops[0]]);
  return {
    type: 'lost-update',
    txns: txns.map((t) => witnessTxn(table, t)),
    key: keyOf(table, readMops[0]),
    value: table.mopValue[readMops[0]],
    summary: `lost-update: ${names.join(', ')} all read key ${k} as ${state} and then appended to it`,
    explanation: [
      `${names.join(', ')} all read key ${k} as ${state} and then appended to it; each committed an update based on a state another one's update replaced`,
    ],
  };
}

export function dirtyUpdateWitness(table: TxnTable, key: number, failedWriter: number, committedWriter: number, values: unknown[]): Witness {
  const f = txnName(table, failedWriter);
  const c = txnName(table, committedWriter);
  const k = showKey(table.keys[key]);
  return {
    type: 'dirty-update',
    txns: [witnessTxn(table, failedWriter), witnessTxn(table, committedWriter)],
    key: table.keys[key],
    value: values,
    summary: `dirty-update: ${c} committed an append to key ${k} on top of the failed ${f}'s append`,
    explanation: [
      `key ${k} went through ${showValue(values)}: ${showValue(values[0])} was appended by ${f}, which failed, yet ${c} committed ${showValue(values[values.length - 1])} after it`,
    ],
  };
}

export function internalWitness(table: TxnTable, m: number, expected: unknown[], knownPrefix: boolean): Witness {
  const shown = knownPrefix ? showValue(expected) : `a list ending in ${showValue(expected)}`;
  return {
    type: 'internal',
    txns: [witnessTxn(table, table.mopTxn[m])],
    key: keyOf(table, m),
    value: table.mopValue[m],
    expected: knownPrefix ? expected : ['...', ...expected],
    summary: `internal: ${readPhrase(table, m)}, but its own earlier micro-ops imply ${shown}`,
    explanation: [`${readPhrase(table, m)}, but its own earlier reads and appends of that key imply ${shown}`],
  };
}

export function futureReadWitness(table: TxnTable, m: number, element: unknown): Witness {
  const t = txnName(table, table.mopTxn[m]);
  return {
    type: 'future-read',
    txns: [witnessTxn(table, table.mopTxn[m])],
    key: keyOf(table, m),
    value: table.mopValue[m],
    summary: `future-read: ${readPhrase(table, m)}, which contains ${showValue(element)}, which ${t} appends only later`,
    explanation: [`${readPhrase(table, m)}, which contains ${showValue(element)}, an append ${t} itself performs later in the same transaction`],
  };
}

/** Append `later` of a transaction shows in the version order before (or without) its own earlier append `earlier`. */
export function ownOrderWitness(table: TxnTable, versions: ListVersions, earlier: number, later: number): Witness {
  const t = txnName(table, table.mopTxn[earlier]);
  const longest = versions.longestMop[table.mopKey[earlier]];
  const first = showValue(table.mopValue[earlier]);
  const second = showValue(table.mopValue[later]);
  const shows = versions.appendPos[earlier] < 0 ? `shows ${second} without ${first}` : `shows ${second} before ${first}`;
  return {
    type: 'incompatible-order',
    txns: [witnessTxn(table, table.mopTxn[longest]), witnessTxn(table, table.mopTxn[earlier])],
    key: keyOf(table, earlier),
    value: table.mopValue[longest],
    expected: [table.mopValue[earlier], table.mopValue[later]],
    summary: `incompatible-order: ${readPhrase(table, longest)}, which ${shows}, but ${t} appended ${first} and then ${second}`,
    explanation: [
      `${t} appended ${first} and then ${second} to key ${showKey(keyOf(table, earlier))}`,
      `${readPhrase(table, longest)}, which ${shows}`,
      "a transaction's own appends take effect in the order it made them, so no order of appends explains that read",
    ],
  };
}
