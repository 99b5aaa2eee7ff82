import { allAnomaliesImplying, allImpliedAnomalies, type AnomalyName } from './anomalies.js';

// The lattice of transactional consistency models, after Adya, Bailis et al., Cerone et
// al. and Daudjee & Salem, in the shape Elle's consistency-model namespace gives it: which
// model implies which, and which anomalies each model directly proscribes. A model also
// proscribes everything its weaker models proscribe.

export const CONSISTENCY_MODELS = [
  'read-uncommitted',
  'read-committed',
  'monotonic-atomic-view',
  'read-atomic',
  'cursor-stability',
  'consistent-view',
  'repeatable-read',
  'snapshot-isolation',
  'serializable',
  'strict-serializable',
  'strong-session-read-uncommitted',
  'strong-session-read-committed',
  'strong-session-snapshot-isolation',
  'strong-session-serializable',
  'strong-read-uncommitted',
  'strong-read-committed',
  'strong-snapshot-isolation',
] as const;

export type ConsistencyModel = (typeof CONSISTENCY_MODELS)[number];

/** Other names in use for the same models (Adya's PL levels, "strong serializable"). */
const ALIASES: Readonly<Record<string, ConsistencyModel>> = {
  'PL-1': 'read-uncommitted',
  'PL-2': 'read-committed',
  'PL-CS': 'cursor-stability',
  'PL-2+': 'consistent-view',
  'PL-2.99': 'repeatable-read',
  'PL-SI': 'snapshot-isolation',
  'PL-3': 'serializable',
  'PL-SS': 'strict-serializable',
  'conflict-serializable': 'serializable',
  'strong-serializable': 'strict-serializable',
};

/** a → [b…]: a history satisfying a also satisfies each b. */
const IMPLIES: Readonly<Record<ConsistencyModel, readonly ConsistencyModel[]>> = {
  'strict-serializable': ['serializable', 'strong-snapshot-isolation', 'strong-session-serializable'],
  'strong-session-serializable': ['serializable', 'strong-session-snapshot-isolation'],
  'strong-snapshot-isolation': ['strong-session-snapshot-isolation', 'strong-read-committed'],
  'strong-session-snapshot-isolation': ['snapshot-isolation', 'strong-session-read-committed'],
  serializable: ['repeatable-read', 'snapshot-isolation'],
  'snapshot-isolation': ['consistent-view', 'monotonic-atomic-view', 'read-atomic'],
  'read-atomic': ['monotonic-atomic-view'],
  'repeatable-read': ['cursor-stability', 'monotonic-atomic-view'],
  'consistent-view': ['cursor-stability'],
  'cursor-stability': ['read-committed'],
  'monotonic-atomic-view': ['read-committed'],
  'read-committed': ['read-uncommitted'],
  'read-uncommitted': [],
  'strong-read-committed': ['strong-session-read-committed', 'strong-read-uncommitted'],
  'strong-session-read-committed': ['read-committed', 'strong-session-read-uncommitted'],
  'strong-read-uncommitted': ['strong-session-read-uncommitted'],
  'strong-session-read-uncommitted': ['read-uncommitted'],
};

const PROSCRIBES: Readonly<Record<ConsistencyModel, readonly AnomalyName[]>> = {
  'read-uncommitted': ['G0', 'duplicate-elements', 'cyclic-versions'],
  'read-committed': ['G1'],
  'monotonic-atomic-view': [],
  'read-atomic': ['internal', 'G1a', 'future-read'],
  'cursor-stability': ['G1', 'lost-update'],
  'consistent-view': ['G1', 'G-single'],
  'repeatable-read': ['G1', 'G2-item', 'lost-update'],
  'snapshot-isolation': ['internal', 'G1', 'G-nonadjacent'],
  serializable: ['internal', 'G1', 'G2'],
  'strict-serializable': ['G1', 'G1c-realtime', 'G2-realtime'],
  'strong-session-read-uncommitted': ['G0-process'],
  'strong-session-read-committed': ['G1c-process'],
  'strong-session-snapshot-isolation': ['internal', 'G1-process', 'G-nonadjacent-process'],
  'strong-session-serializable': ['G1-process', 'G2-process'],
  'strong-read-uncommitted': ['G0-realtime'],
  'strong-read-committed': ['G1c-realtime'],
  'strong-snapshot-isolation': ['internal', 'G1-realtime', 'G-nonadjacent-realtime'],
};

const MODEL_SET: ReadonlySet<string> = new Set(CONSISTENCY_MODELS);

/** The canonical name for a model or one of its aliases; undefined when unknown. */
export function canonicalModel(name: string): ConsistencyModel | undefined {
  if (MODEL_SET.has(name)) return name as ConsistencyModel;
  // Object.hasOwn: a name such as "constructor" must not find Object.prototype's members.
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

function weakerClosure(models: Iterable<ConsistencyModel>): Set<ConsistencyModel> {
  const seen = new Set<ConsistencyModel>();
  const todo = [...models];
  while (todo.length > 0) {
    const m = todo.pop() as ConsistencyModel;
    if (seen.has(m)) continue;
    seen.add(m);
    todo.push(...IMPLIES[m]);
  }
  return seen;
}

function strongerClosure(models: Iterable<ConsistencyModel>): Set<ConsistencyModel> {
  const seen = new Set<ConsistencyModel>(models);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of CONSISTENCY_MODELS) {
      if (!seen.has(m) && IMPLIES[m].some((weaker) => seen.has(weaker))) {
        seen.add(m);
        grew = true;
      }
    }
  }
  return seen;
}

/** Every anomaly whose presence means at least one of the given models does not hold. */
export function anomaliesProhibitedBy(models: Iterable<ConsistencyModel>): Set<AnomalyName> {
  const direct: AnomalyName[] = [];
  for (const m of weakerClosure(models)) direct.push(...PROSCRIBES[m]);
  return allAnomaliesImplying(direct);
}

export interface RuledOutModels {
  /** The weakest models the anomalies rule out: no weaker model in the lattice is ruled out. */
  notModels: ConsistencyModel[];
  /** Every other model ruled out (each is stronger than some model in notModels). */
  alsoNotModels: ConsistencyModel[];
}

/** Which models cannot hold in a history showing these anomalies. */
export function modelsRuledOutBy(anomalies: Iterable<AnomalyName>): RuledOutModels {
  const present = allImpliedAnomalies(anomalies);
  const direct = CONSISTENCY_MODELS.filter((m) => PROSCRIBES[m].some((a) => present.has(a)));
  const impossible = strongerClosure(direct);
  const notModels: ConsistencyModel[] = [];
  const alsoNotModels: ConsistencyModel[] = [];
  for (const m of CONSISTENCY_MODELS) {
    if (!impossible.has(m)) continue;
    const weaker = weakerClosure(IMPLIES[m]);
    const coveredByWeaker = [...weaker].some((w) => impossible.has(w));
    (coveredByWeaker ? alsoNotModels : notModels).push(m);
  }
  return { notModels: notModels.sort(), alsoNotModels: alsoNotModels.sort() };
}
