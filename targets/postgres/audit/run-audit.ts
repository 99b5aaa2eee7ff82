import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { allImpliedAnomalies, anomaliesProhibitedBy, canonicalModel, type AnomalyName } from '../../../checkers/txn/index.js';
import { parseDuration } from '../../../core/duration.js';
import { ConfigError } from '../../../core/errors.js';
import { randomSeed } from '../../../core/rng.js';
import { timestamp, writeJson } from '../../../core/run-store.js';
import type { AuditContext, TargetAudit } from '../../../core/target.js';
import { prepareNodeTemplate } from '../node-template.js';
import { resolveBinDir } from '../install.js';
import { parseSetting } from '../settings.js';
import { renderAuditHtml } from './html.js';
import type { AnomalyLattice } from './evidence.js';
import { buildAuditResult, type FinishedRun } from './matrix.js';
import { DEFAULT_AUDIT_TIME_LIMIT_MS, parseLevels, parseWorkloads, planAudit } from './plan.js';
import { renderAuditText } from './text.js';

// `faultline audit postgres`: every workload at every isolation level, then one matrix of
// anomaly × level saying what was observed (and which run's report proves it) next to what
// each level promises. Written as audit.json and audit.html in runs/audit-postgres/<time>/.

const AUDIT_NEMESIS_INTERVAL = '1.5s';
const AUDIT_FAULTS = ['pause', 'kill'];
/** A server that does not come back within this long after the faults has shown what it had to. */
const AUDIT_FINAL_TIME_LIMIT = '20s';

/** The transactional checker's lattice, which decides what each level's promise forbids. */
const LATTICE: AnomalyLattice = {
  prohibitedBy: (model) => {
    const canonical = canonicalModel(model);
    if (!canonical) throw new ConfigError('model', `unknown consistency model ${JSON.stringify(model)}`);
    return anomaliesProhibitedBy([canonical]);
  },
  impliedBy: (found) => allImpliedAnomalies([...found] as AnomalyName[]),
};

function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'none');
}

function durationMs(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new ConfigError(field, `expected a duration such as 30, "30s" or "2m", got ${JSON.stringify(value)}`);
  return ms;
}

/** The URL as it may be shown: without its password. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export const postgresAudit: TargetAudit = {
  describe: 'every workload at every isolation level, and which anomalies the configuration allows',
  flags: {
    'time-limit': { type: 'string', describe: `main-phase time per isolation level, shared by its workloads (default ${DEFAULT_AUDIT_TIME_LIMIT_MS / 1000}s)` },
    levels: { type: 'string', describe: 'isolation levels, comma-separated (default all four)' },
    workloads: { type: 'string', describe: 'workloads, comma-separated (default list-append,rw-register,counter,bank; set too with kill faults)' },
    nemesis: { type: 'string', describe: 'faults during every run: pause, kill, comma-separated (default none)' },
    'nemesis-interval': { type: 'string', describe: `time between fault changes (default ${AUDIT_NEMESIS_INTERVAL})` },
    concurrency: { type: 'number', describe: 'client processes per run (default 10)' },
    rate: { type: 'number', describe: 'operations per second per run; 0 = as fast as the server goes (default 0)' },
    seed: { type: 'number', describe: 'seed for every run (default random, recorded in audit.json)' },
    runtime: { type: 'string', choices: ['local', 'docker'], describe: 'where each run’s server runs: local or docker (default local)' },
    json: { type: 'boolean', describe: 'print audit.json on stdout instead of the matrix' },
    'pg-url': { type: 'string', describe: 'audit this existing database instead of starting servers (no faults)' },
    'pg-setting': { type: 'string', array: true, describe: 'server setting name=value, repeatable (per session with --pg-url)' },
    'pg-bin-dir': { type: 'string', describe: 'folder holding postgres and initdb' },
  },
  run: runPostgresAudit,
};

async function runPostgresAudit(argv: Record<string, unknown>, context: AuditContext): Promise<number> {
  const started = Date.now();
  const faults = listOf(argv.nemesis);
  const pgUrl = argv.pgUrl as string | undefined;
  const unknownFaults = faults.filter((f) => !AUDIT_FAULTS.includes(f));
  if (unknownFaults.length > 0)
    throw new ConfigError(
      'nemesis',
      `an audit's one server can be paused and killed: choose from ${AUDIT_FAULTS.join(', ')} (got ${unknownFaults.join(', ')})`,
    );
  if (pgUrl !== undefined && faults.length > 0)
    throw new ConfigError('nemesis', `faults need a server faultline starts; --pg-url audits one that already runs (got --nemesis ${faults.join(',')})`);
  const runtime = (argv.runtime as string | undefined) ?? 'local';
  if (pgUrl !== undefined && runtime !== 'local')
    throw new ConfigError('runtime', `--pg-url audits a database that already runs; there is no server to put on the ${runtime} runtime`);
  const seed = (argv.seed as number | undefined) ?? randomSeed();
  const settings = {
    levels: parseLevels(argv.levels as string | undefined),
    workloads: parseWorkloads(argv.workloads as string | undefined, faults),
    timeLimitMs: durationMs(argv.timeLimit, 'time-limit', DEFAULT_AUDIT_TIME_LIMIT_MS),
    seed,
    crashes: faults.includes('kill'),
  };
  // Settings are whole values (search_path=a,b): repeated, never split at commas.
  const pgSetting = ((argv.pgSetting as string[] | undefined) ?? []).map(String);
  for (const setting of pgSetting) parseSetting(setting, 'pg-setting');
  const plan = planAudit(settings);
  const { cwd, runsDir } = context;
  const auditDir = join(runsDir, 'audit-postgres', `${timestamp(new Date())}-${process.pid}`);
  await mkdir(auditDir, { recursive: true });
  const baseOptions = { allAnomalies: true, pgUrl, pgSetting, pgBinDir: argv.pgBinDir as string | undefined };
  const finished: FinishedRun[] = [];
  const templateDir = join(auditDir, 'node-template');
  try {
    // One initdb for the whole audit: each run's server starts from a copy.
    const nodeTemplate = pgUrl === undefined ? await prepareNodeTemplate(templateDir, resolveBinDir(baseOptions.pgBinDir)) : undefined;
    for (const run of plan) {
      if (context.stopRequested()) break;
      context.stderr.write(`audit: ${run.level}, ${run.workload} for ${run.timeLimitMs / 1000}s\n`);
      const { runDir, results } = await context.runTest({
        target: 'postgres',
        workload: run.workload,
        name: run.name,
        timeLimit: `${run.timeLimitMs}ms`,
        concurrency: (argv.concurrency as number | undefined) ?? 10,
        rate: (argv.rate as number | undefined) ?? 0,
        nemesis: faults,
        // Runs last seconds, not minutes: faults must come sooner than a test's default 5 s.
        nemesisInterval: argv.nemesisInterval ?? AUDIT_NEMESIS_INTERVAL,
        finalTimeLimit: AUDIT_FINAL_TIME_LIMIT,
        seed: run.seed,
        runsDir,
        runtime,
        targetOptions: { ...baseOptions, isolation: run.level, nodeTemplate },
      });
      finished.push({ plan: run, run: relative(cwd, runDir) || runDir, results });
    }
  } finally {
    await rm(templateDir, { recursive: true, force: true });
  }
  const result = buildAuditResult(finished, LATTICE);
  const interrupted = finished.length < plan.length;
  const about = [
    `${settings.levels.length} isolation level${settings.levels.length === 1 ? '' : 's'} × ${settings.workloads.join(', ')}; ${settings.timeLimitMs / 1000} s per level; faults: ${faults.join(', ') || 'none'}; seed ${seed}`,
    pgUrl !== undefined
      ? `database: ${shownUrl(pgUrl)}`
      : `private PostgreSQL servers on the ${runtime} runtime${baseOptions.pgSetting.length ? ` with ${baseOptions.pgSetting.join(' ')}` : ' with default settings'}`,
    `took ${Math.round((Date.now() - started) / 1000)} s${interrupted ? `; interrupted after ${finished.length} of ${plan.length} runs` : ''}`,
  ];
  const record = {
    ...result,
    exitCode: interrupted ? 2 : result.exitCode,
    about,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    settings: { ...settings, faults, runtime, pgSetting: baseOptions.pgSetting, pgUrl: pgUrl === undefined ? undefined : shownUrl(pgUrl) },
  };
  await writeJson(join(auditDir, 'audit.json'), record);
  const reportHref = (run: string) => join(relative(auditDir, resolve(cwd, run)), 'report.html');
  await writeFile(join(auditDir, 'audit.html'), renderAuditHtml(result, { reportHref, about }));
  if (argv.json) context.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else context.stdout.write(`${renderAuditText(result)}${about.join('\n')}\naudit: ${relative(cwd, join(auditDir, 'audit.html'))}\n`);
  return record.exitCode;
}
