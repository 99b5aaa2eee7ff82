import { ConfigError } from '../../../core/errors.js';
import { ISOLATION_LEVELS, isIsolationLevel, promisedModel, type IsolationLevel } from '../isolation.js';
import { POSTGRES_WORKLOADS, type PostgresWorkloadName } from '../workload-names.js';

// Which runs an audit makes: every workload at every isolation level, a level's time shared
// among its workloads. list-append gets the largest share: it alone shows read skew, write
// skew and lost updates; the others add a second witness (counter: lost updates, bank: broken
// totals) and, with kill faults, the set workload checks that acknowledged commits survive.

export interface AuditSettings {
  levels: readonly IsolationLevel[];
  workloads: readonly PostgresWorkloadName[];
  /** Main-phase time per level, shared among its workloads. */
  timeLimitMs: number;
  seed: number;
  /** Whether the runs kill the server: only then can a run show or rule out lost commits. */
  crashes: boolean;
}

export interface PlannedRun {
  level: IsolationLevel;
  workload: PostgresWorkloadName;
  /** The run's test name, so its folder is runs/<name>/<time>. */
  name: string;
  timeLimitMs: number;
  seed: number;
  /** What the level promises, in the transactional checker's words. */
  model: string;
  crashes: boolean;
}

const WEIGHTS: Readonly<Record<PostgresWorkloadName, number>> = { 'list-append': 2, 'rw-register': 1, counter: 1, bank: 1, set: 1 };

/** Workloads an audit runs when none are named; `set` joins when faults can lose commits. */
export function defaultAuditWorkloads(faults: readonly string[]): PostgresWorkloadName[] {
  const base: PostgresWorkloadName[] = ['list-append', 'rw-register', 'counter', 'bank'];
  return faults.includes('kill') ? [...base, 'set'] : base;
}

export const DEFAULT_AUDIT_TIME_LIMIT_MS = 20_000;

/** Shortest share of a level's time a workload gets: below this, startup dominates. */
const MIN_RUN_MS = 1_000;

export function parseLevels(input: string | readonly string[] | undefined): IsolationLevel[] {
  if (input === undefined) return [...ISOLATION_LEVELS];
  const names = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !isIsolationLevel(n));
  if (bad.length || names.length === 0)
    throw new ConfigError('levels', `expected isolation levels from ${ISOLATION_LEVELS.join(', ')}, got ${JSON.stringify(input)}`);
  return [...new Set(names)] as IsolationLevel[];
}

export function parseWorkloads(input: string | readonly string[] | undefined, faults: readonly string[]): PostgresWorkloadName[] {
  if (input === undefined) return defaultAuditWorkloads(faults);
  const names = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(POSTGRES_WORKLOADS as readonly string[]).includes(n));
  if (bad.length || names.length === 0)
    throw new ConfigError('workloads', `expected workloads from ${POSTGRES_WORKLOADS.join(', ')}, got ${JSON.stringify(input)}`);
  return [...new Set(names)] as PostgresWorkloadName[];
}

export function planAudit(settings: AuditSettings): PlannedRun[] {
  const total = settings.workloads.reduce((sum, w) => sum + WEIGHTS[w], 0);
  const runs: PlannedRun[] = [];
  for (const level of settings.levels) {
    for (const workload of settings.workloads) {
      const timeLimitMs = Math.max(MIN_RUN_MS, Math.round((settings.timeLimitMs * WEIGHTS[workload]) / total));
      // Runs differ in seed so that no two replay the same schedule, yet the audit's seed replays them all.
      const seed = (settings.seed + runs.length * 7919) % 0x7fffffff;
      runs.push({ level, workload, name: `postgres-${workload}-${level}`, timeLimitMs, seed, model: promisedModel(level), crashes: settings.crashes });
    }
  }
  return runs;
}
