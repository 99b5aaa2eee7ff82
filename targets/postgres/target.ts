import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import { bankAccounts } from '../../generators/workloads/bank.js';
import { nodeEndpoint } from '../support/ports.js';
import type { HasLeftovers, Target, TargetContext } from '../../core/target.js';
import { postgresAudit } from './audit/run-audit.js';
import { PostgresClient } from './client.js';
import { PgConnection, type Endpoint } from './connection.js';
import { postgresContainerNeeds } from './container.js';
import { resolveBinDir } from './install.js';
import { ISOLATION_LEVELS } from './isolation.js';
import { postgresNodeCommand } from './launch.js';
import { POSTGRES_WORKLOADS, type PostgresWorkloadName } from './workload-names.js';
import { postgresOptionsSchema, serverSettings, type PostgresOptions } from './options.js';
import { createStatements, dropStatements, tableFor, tablesFor } from './schema.js';
import { stopServerCleanly, waitUntilAccepting } from './server.js';
import { sessionOptions } from './settings.js';
import { postgresWorkload } from './workloads.js';

/** Where clients connect: the database URL, or the run's one node. */
export function endpointOf(ctx: TargetContext<PostgresOptions>): Endpoint {
  if (ctx.options.pgUrl !== undefined) {
    const url = new URL(ctx.options.pgUrl);
    return { kind: 'url', name: url.host || 'database', url: ctx.options.pgUrl };
  }
  const node = ctx.nodes[0];
  return { kind: 'node', name: node.name, ...nodeEndpoint(node) };
}

/** Settings as startup options of every connection: only for a database given by URL (a private server has them on its command line). */
function sessionOptionsOf(ctx: TargetContext<PostgresOptions>): string | undefined {
  return ctx.options.pgUrl === undefined ? undefined : sessionOptions(serverSettings(ctx.options));
}

async function runStatements(ctx: TargetContext<PostgresOptions>, statements: readonly string[]): Promise<void> {
  const connection = await PgConnection.open(endpointOf(ctx), { connectTimeoutMs: 10_000, sessionOptions: sessionOptionsOf(ctx) });
  try {
    for (const statement of statements) await connection.query(statement);
  } finally {
    await connection.close();
  }
}

/** Immediate shutdown of the servers faultline started on this machine, so that nothing of theirs outlives the run. */
async function stopPrivateServers(ctx: TargetContext<PostgresOptions>): Promise<void> {
  if (ctx.runtime?.kind !== 'local') return;
  for (const node of ctx.nodes) {
    try {
      ctx.log(`postgres: ${node.name}: ${await stopServerCleanly(node.dataDir)}`);
    } catch (err) {
      ctx.log(`postgres: ${node.name}: clean stop failed: ${errorMessage(err)}`);
    }
  }
}

/**
 * After a killed harness, once `faultline heal` has killed the node's processes: what the server
 * left that outlives them, its System V shared memory segment (named in postmaster.pid), and
 * any server of the run's still alive.
 */
async function healLeftovers(runDir: string): Promise<string[]> {
  const nodesDir = join(runDir, 'nodes');
  const removed: string[] = [];
  let nodes: string[];
  try {
    nodes = await readdir(nodesDir);
  } catch {
    return removed;
  }
  for (const node of nodes) {
    const dataDir = join(nodesDir, node, 'data');
    if (!existsSync(join(dataDir, 'postmaster.pid'))) continue;
    removed.push(`postgres ${node}: ${await stopServerCleanly(dataDir)}`);
  }
  return removed;
}

export const postgresTarget: Target<PostgresOptions> & HasLeftovers = {
  name: 'postgres',
  summary: 'PostgreSQL at a chosen isolation level: a private server faultline starts (pause and kill faults), or an existing database (--pg-url)',
  audit: postgresAudit,
  optionsSchema: postgresOptionsSchema,
  flags: {
    isolation: {
      describe: `isolation level of every transaction (${ISOLATION_LEVELS.join(', ')}; default read-committed)`,
      type: 'string',
      choices: ISOLATION_LEVELS,
    },
    'pg-url': {
      describe: 'audit this existing database instead of starting a server (only the run’s own prefixed table is created and dropped)',
      type: 'string',
      option: 'pgUrl',
    },
    'pg-setting': { describe: 'server setting name=value, repeatable (per session with --pg-url)', type: 'string', array: true, option: 'pgSetting' },
    'pg-all-anomalies': { describe: 'also check against serializable, listing every anomaly the level let through', type: 'boolean', option: 'allAnomalies' },
    'pg-bin-dir': { describe: 'folder holding postgres and initdb (default: newest under /usr/lib/postgresql)', type: 'string', option: 'pgBinDir' },
  },
  workloads: POSTGRES_WORKLOADS,
  defaultWorkload: 'list-append',
  defaultNemesis: [],
  cluster: {
    defaultNodes: 1,
    port: 5432,
    enabled: (options) => options.pgUrl === undefined,
    command: (node, cluster, options, _runDir, runtime) =>
      postgresNodeCommand(node, cluster, {
        binDir: resolveBinDir(options.pgBinDir),
        settings: serverSettings(options),
        template: options.nodeTemplate,
        runtime,
      }),
    container: (options) => postgresContainerNeeds(resolveBinDir(options.pgBinDir)),
  },
  workload(name, options, context) {
    return postgresWorkload(name as PostgresWorkloadName, options, context.rng);
  },
  async setup(ctx) {
    try {
      const node = ctx.nodes[0];
      const runtime = ctx.runtime;
      const waited = await waitUntilAccepting(endpointOf(ctx), {
        timeoutMs: ctx.options.pgUrl === undefined ? ctx.options.startupTimeoutMs : 10_000,
        node,
        runtime,
      });
      const workload = ctx.workload as PostgresWorkloadName;
      const tables = tablesFor(ctx.options.tablePrefix);
      await runStatements(ctx, createStatements(tables, workload, ctx.options));
      ctx.log(
        `postgres: accepting connections after ${Math.round(waited)} ms; isolation ${ctx.options.isolation}; created table ${tableFor(tables, workload)}`,
      );
    } catch (err) {
      // A run whose setup failed gets no teardown: stop the server here, or a SIGKILL would leave its shared memory behind.
      await stopPrivateServers(ctx);
      throw err;
    }
  },
  async teardown(ctx) {
    if (ctx.options.pgUrl !== undefined) {
      const workload = ctx.workload as PostgresWorkloadName;
      await runStatements(ctx, dropStatements(tablesFor(ctx.options.tablePrefix), workload));
      ctx.log(`postgres: dropped table ${tableFor(tablesFor(ctx.options.tablePrefix), workload)}`);
      return;
    }
    await stopPrivateServers(ctx);
  },
  healLeftovers,
  async openClient(ctx, _process) {
    return new PostgresClient({
      endpoint: endpointOf(ctx),
      isolation: ctx.options.isolation,
      workload: ctx.workload as PostgresWorkloadName,
      operations: { tables: tablesFor(ctx.options.tablePrefix), accounts: bankAccounts(ctx.options.accounts) },
      // Well inside the operation's timeout, so a connection a paused server never answers is a
      // certain failure (nothing was sent) rather than an unknown outcome.
      connectTimeoutMs: Math.min(Math.floor(ctx.opTimeoutMs / 2), 5_000),
      sessionOptions: sessionOptionsOf(ctx),
    });
  },
};
