import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../../core/errors.js';
import type { NodeCommand, NodeInfo } from '../../core/runtime.js';
import { formatLauncherArgs, postgresArgs, type LauncherArgs } from './launcher/args.js';
import { KEEP_GROUP_LIBRARY, withPreload } from './launcher/keep-group.js';
import type { ServerSetting } from './settings.js';
import { removeStaleLockFiles } from './lock-file.js';
import { copyNodeTemplate } from './template-copy.js';

// How a runtime launches a postgres node, as the postgres user (the server refuses to run as
// root): the first time, our launcher program, which makes the data folder; after that (a
// restart after a kill), or when a template node folder is given, the server itself, so that
// it is up within a second. Compiled, the
// launcher is plain JavaScript; from sources it runs under tsx's loader, as raft-kv's server does.

const here = fileURLToPath(import.meta.url);
const fromSources = here.endsWith('.ts');

export const POSTGRES_LAUNCHER_ENTRY = fileURLToPath(new URL(fromSources ? './launcher/main.ts' : './launcher/main.js', import.meta.url));

/** The user every server process runs as. */
export const POSTGRES_USER = 'postgres';

export interface PostgresNodeOptions {
  binDir: string;
  settings: readonly ServerSetting[];
  /** A template node folder (node-template.ts) to copy instead of running initdb. */
  template?: string;
  /** The runtime's kind: on docker the node runs in a container whose files this process cannot see. */
  runtime?: string;
}

export function postgresNodeCommand(node: NodeInfo, cluster: readonly NodeInfo[], options: PostgresNodeOptions): NodeCommand {
  if (cluster.length !== 1) {
    throw new ConfigError(
      'nodes',
      `the postgres target runs one server (PostgreSQL has no built-in replication to test here); got ${cluster.length} nodes, use --nodes 1`,
    );
  }
  if (options.runtime === 'docker') return containerCommand(node, options);
  assertReachableByOthers(dirname(node.dataDir), 'runsDir', 'use a runs folder every user can reach, e.g. --runs-dir /tmp/faultline-runs');
  assertReachableByOthers(POSTGRES_LAUNCHER_ENTRY, 'target', 'install faultline where every user can read it');
  const args: LauncherArgs = { dataDir: node.dataDir, host: node.host, port: node.port, binDir: options.binDir, settings: [...options.settings] };
  const library = join(dirname(node.dataDir), KEEP_GROUP_LIBRARY);
  const initialized = () => existsSync(join(node.dataDir, 'PG_VERSION')) && existsSync(library);
  if (!initialized() && options.template !== undefined) copyNodeTemplate(options.template, dirname(node.dataDir));
  if (initialized()) {
    removeStaleLockFiles(node.dataDir);
    const env = { LD_PRELOAD: withPreload(process.env.LD_PRELOAD, library) };
    return { command: join(options.binDir, 'postgres'), args: postgresArgs(args), env, user: POSTGRES_USER };
  }
  return { ...launcherInvocation(args), user: POSTGRES_USER };
}

/**
 * In a container the launcher runs at every start: it makes the data folder the first time (or
 * finds the template's copy the runtime copied in), then runs the server as its child. Its
 * container's pid namespace and cgroup hold every server process, so pause and kill reach them
 * all without the keep-group library (and without a C compiler in the image).
 */
function containerCommand(node: NodeInfo, options: PostgresNodeOptions): NodeCommand {
  const args: LauncherArgs = {
    dataDir: node.dataDir,
    host: node.host,
    port: node.port,
    binDir: options.binDir,
    settings: [...options.settings],
    keepGroup: false,
    trustAnyHost: true,
    freshPidNamespace: true,
  };
  if (options.template !== undefined && !existsSync(join(node.dataDir, 'PG_VERSION'))) copyNodeTemplate(options.template, dirname(node.dataDir));
  return { ...launcherInvocation(args), user: POSTGRES_USER };
}

/** The command line that runs the launcher program with these arguments. */
export function launcherInvocation(args: LauncherArgs): { command: string; args: string[] } {
  const nodeArgs = fromSources
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, POSTGRES_LAUNCHER_ENTRY]
    : [POSTGRES_LAUNCHER_ENTRY];
  return { command: process.execPath, args: [...nodeArgs, ...formatLauncherArgs(args)] };
}

/**
 * The postgres user must be able to walk down to the node's folder (which the runtime hands
 * to it): a run folder under a private home (mode 700) would fail later, deep in the node's
 * log, so say so now.
 */
export function assertReachableByOthers(dir: string, field: string, advice: string): void {
  let current = resolve(dir);
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) {
      throw new ConfigError(
        field,
        `PostgreSQL runs as the ${POSTGRES_USER} user, which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}); ${advice}`,
      );
    }
  }
}
