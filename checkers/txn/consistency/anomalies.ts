// Anomaly names as Elle and Adya spell them, and which anomaly implies which. The
// implication graph is what lets one witness rule out a whole family of models: a G0
// cycle is also a G1c cycle, G1c is part of G1, and so on.

/** Cycles in the dependency graph: the data-dependency shape, optionally needing process or real-time order. */
export const CYCLE_ANOMALIES = [
  'G0',
  'G1c',
  'G-single',
  'G-nonadjacent',
  'G2-item',
  'G0-process',
  'G1c-process',
  'G-single-process',
  'G-nonadjacent-process',
  'G2-item-process',
  'G0-realtime',
  'G1c-realtime',
  'G-single-realtime',
  'G-nonadjacent-realtime',
  'G2-item-realtime',
] as const;

/** Anomalies found without a cycle search: one transaction, one read, or one key's versions. */
export const NON_CYCLE_ANOMALIES = [
  'G1a',
  'G1b',
  'internal',
  'future-read',
  'duplicate-elements',
  'incompatible-order',
  'dirty-update',
  'lost-update',
  'cyclic-versions',
  'garbage-read',
] as const;

/** Unions that no search reports directly but that models proscribe (Adya's G1 and G2). */
export const AGGREGATE_ANOMALIES = ['G1', 'G1-process', 'G1-realtime', 'G2', 'G2-process', 'G2-realtime'] as const;

export type CycleAnomalyType = (typeof CYCLE_ANOMALIES)[number];
export type NonCycleAnomalyType = (typeof NON_CYCLE_ANOMALIES)[number];
/** Every anomaly the txn checkers can report. */
export type AnomalyType = CycleAnomalyType | NonCycleAnomalyType;
/** Every anomaly name a user may ask about, including the aggregates. */
export type AnomalyName = AnomalyType | (typeof AGGREGATE_ANOMALIES)[number];

export const ALL_ANOMALY_NAMES: readonly AnomalyName[] = [...CYCLE_ANOMALIES, ...NON_CYCLE_ANOMALIES, ...AGGREGATE_ANOMALIES];

const CYCLE_SET: ReadonlySet<string> = new Set(CYCLE_ANOMALIES);
const NAME_SET: ReadonlySet<string> = new Set(ALL_ANOMALY_NAMES);

export function isCycleAnomaly(name: string): name is CycleAnomalyType {
  return CYCLE_SET.has(name);
}

export function isAnomalyName(name: string): name is AnomalyName {
  return NAME_SET.has(name);
}

/**
 * a → [b…]: whenever a is present, so is every b. From Adya (G0 ⊂ G1c, G1 = G1a ∪ G1b ∪ G1c,
 * G-single ⊂ G-nonadjacent ⊂ G2), the fact that processes are single-threaded (a process
 * edge is also a real-time edge), and Elle's additions (incompatible order and dirty
 * update are aborted reads, a future read is a one-transaction G1c, a lost update is G2-item).
 *
 * One deliberate difference from Elle's table: every edge we infer is an item edge, so a
 * G-single or G-nonadjacent cycle here is also a G2-item cycle (Adya's definition: a cycle
 * with at least one item anti-dependency). Repeatable read therefore rules out read skew,
 * as Berenson et al. and Adya's PL-2.99 say it should.
 */
const IMPLIES: Readonly<Record<AnomalyName, readonly AnomalyName[]>> = {
  G0: ['G1c', 'G0-process'],
  'G0-process': ['G1c-process', 'G0-realtime'],
  'G0-realtime': ['G1c-realtime'],
  G1a: ['G1'],
  G1b: ['G1'],
  G1c: ['G1', 'G1c-process'],
  'G1c-process': ['G1c-realtime', 'G1-process'],
  'G1c-realtime': ['G1-realtime'],
  G1: ['G1-process'],
  'G1-process': ['G1-realtime'],
  'G1-realtime': [],
  'G-single': ['G-nonadjacent', 'G2-item', 'G-single-process'],
  'G-single-process': ['G-nonadjacent-process', 'G2-item-process', 'G-single-realtime'],
  'G-single-realtime': ['G-nonadjacent-realtime', 'G2-item-realtime'],
  'G-nonadjacent': ['G2', 'G2-item', 'G-nonadjacent-process'],
  'G-nonadjacent-process': ['G2-process', 'G2-item-process', 'G-nonadjacent-realtime'],
  'G-nonadjacent-realtime': ['G2-realtime', 'G2-item-realtime'],
  'G2-item': ['G2', 'G2-item-process'],
  'G2-item-process': ['G2-process', 'G2-item-realtime'],
  'G2-item-realtime': ['G2-realtime'],
  G2: ['G2-process'],
  'G2-process': ['G2-realtime'],
  'G2-realtime': [],
  'incompatible-order': ['G1a'],
  'dirty-update': ['G1a'],
  'garbage-read': ['G1a'],
  'future-read': ['G1c'],
  'lost-update': ['G2-item'],
  internal: [],
  'duplicate-elements': [],
  'cyclic-versions': [],
};

const IMPLIED_BY: Readonly<Record<string, AnomalyName[]>> = invert(IMPLIES);

function invert(graph: Readonly<Record<string, readonly string[]>>): Record<string, AnomalyName[]> {
  const out: Record<string, AnomalyName[]> = {};
  for (const [from, tos] of Object.entries(graph)) {
    for (const to of tos) (out[to] ??= []).push(from as AnomalyName);
  }
  return out;
}

function closure(start: Iterable<AnomalyName>, step: (name: AnomalyName) => readonly AnomalyName[]): Set<AnomalyName> {
  const seen = new Set<AnomalyName>();
  const todo = [...start];
  while (todo.length > 0) {
    const next = todo.pop() as AnomalyName;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...step(next));
  }
  return seen;
}

/** The given anomalies plus everything their presence implies. */
export function allImpliedAnomalies(names: Iterable<AnomalyName>): Set<AnomalyName> {
  return closure(names, (n) => IMPLIES[n] ?? []);
}

/** The given anomalies plus every anomaly whose presence would imply one of them. */
export function allAnomaliesImplying(names: Iterable<AnomalyName>): Set<AnomalyName> {
  return closure(names, (n) => IMPLIED_BY[n] ?? []);
}
