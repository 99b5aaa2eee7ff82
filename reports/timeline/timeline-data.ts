import type { History } from '../../core/history.js';
import { clip, showValue } from '../html/escape.js';
import type { FaultWindow } from '../model/fault-windows.js';
import { OK, type OpTable } from '../model/op-table.js';

// The timeline's data, packed as columns of small integers (times in µs, delta-encoded
// where they only grow) so 100,000 operations embed in a few megabytes and parse in
// milliseconds. The inline script decodes it; see timeline-script.ts for the reader.

const VALUE_CHARS = 100;

export interface LockBar {
  process: number;
  /** ns since the run began. */
  start: number;
  end: number;
  certain: boolean;
  /** Part of an overlap between holders. */
  overlapping: boolean;
}

export interface TimelineData {
  /** End of the history in µs. */
  end: number;
  /** Process ids in lane order. */
  lanes: number[];
  /** Client concurrency when known: lets the reader fold retired processes into their worker's lane. */
  concurrency: number | null;
  fs: string[];
  nodes: string[];
  errors: string[];
  /** Independent keys, shown as JSON (so "1" and 1 differ). */
  keys: string[];
  /** Invocation times, µs, as differences from the previous operation's. */
  s: number[];
  /** Durations in µs; -1 for an operation the history never completed. */
  d: number[];
  /** Lane index. */
  p: number[];
  f: number[];
  /** 0 ok, 1 fail, 2 info. */
  o: number[];
  /** History index of the invocation, as differences from the previous one. */
  i: number[];
  /** Completion index minus invocation index; -1 when open. */
  c: number[];
  /** The value shown on hover: the completion's for ok operations, else the invocation's. */
  v: string[];
  /** Index into `nodes`, or -1. */
  n: number[];
  /** Index into `errors`, or -1. */
  e: number[];
  /** Index into `keys`, or -1. */
  k: number[];
  /** [start µs, end µs, kind, label] per fault window. */
  faults: [number, number, string, string][];
  /** [lane, start µs, end µs, certain 1/0, overlapping 1/0] per lock holding. */
  locks: [number, number, number, number, number][];
}

const us = (ns: number) => Math.round(ns / 1000);

export function timelineData(
  history: History,
  table: OpTable,
  faults: readonly FaultWindow[],
  locks: readonly LockBar[],
  concurrency: number | null,
): TimelineData {
  const processes = [...new Set(Array.from(table.process))].sort((a, b) => a - b);
  const laneOf = new Map(processes.map((p, i) => [p, i]));
  const nodes = new Interner();
  const errors = new Interner();
  const keys = new Interner();
  const n = table.length;
  const data: TimelineData = {
    end: us(table.historyEnd),
    lanes: processes,
    concurrency,
    fs: table.fNames,
    nodes: nodes.values,
    errors: errors.values,
    keys: keys.values,
    s: new Array<number>(n),
    d: new Array<number>(n),
    p: new Array<number>(n),
    f: new Array<number>(n),
    o: new Array<number>(n),
    i: new Array<number>(n),
    c: new Array<number>(n),
    v: new Array<string>(n),
    n: new Array<number>(n),
    e: new Array<number>(n),
    k: new Array<number>(n),
    faults: faults.map((w) => [us(w.start), us(w.end), w.kind, w.label]),
    locks: locks.filter((l) => laneOf.has(l.process)).map((l) => [laneOf.get(l.process)!, us(l.start), us(l.end), l.certain ? 1 : 0, l.overlapping ? 1 : 0]),
  };
  let lastStart = 0;
  let lastIndex = 0;
  for (let k = 0; k < n; k++) {
    const invoke = history[table.invokeIndex[k]];
    const ci = table.completeIndex[k];
    const complete = ci >= 0 ? history[ci] : undefined;
    const start = us(table.start[k]);
    data.s[k] = start - lastStart;
    lastStart = start;
    data.d[k] = complete ? us(table.end[k]) - start : -1;
    data.p[k] = laneOf.get(table.process[k])!;
    data.f[k] = table.f[k];
    data.o[k] = table.outcome[k];
    data.i[k] = table.invokeIndex[k] - lastIndex;
    lastIndex = table.invokeIndex[k];
    data.c[k] = ci >= 0 ? ci - table.invokeIndex[k] : -1;
    data.v[k] = showValue(complete && table.outcome[k] === OK ? complete.value : invoke.value, VALUE_CHARS);
    const node = complete?.node ?? invoke.node;
    data.n[k] = node === undefined ? -1 : nodes.id(node);
    const error = complete?.error ?? invoke.error;
    data.e[k] = error === undefined ? -1 : errors.id(clip(error, 200));
    data.k[k] = invoke.key === undefined ? -1 : keys.id(showValue(invoke.key, 60));
  }
  return data;
}

class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}
