import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { errorMessage } from '../../../core/errors.js';
import { parseLauncherArgs, postgresArgs, type LauncherArgs } from './args.js';
import { buildKeepGroupLibrary, withPreload } from './keep-group.js';

// The program a postgres node runs (as the postgres user) the first time: make the data
// folder (initdb) and the keep-group library, then run the server as a child in this process
// group until it exits. Later starts of the node (after a kill) skip this program and run the
// server directly (see launch.ts); it recovers from its write-ahead log. With `--prepare-only`
// it makes a template node folder (node-template.ts) and exits.

async function prepareDataDir(args: LauncherArgs): Promise<void> {
  if (existsSync(join(args.dataDir, 'PG_VERSION'))) return;
  if (readdirSync(args.dataDir).length > 0) {
    throw new Error(`${args.dataDir} is neither empty nor a PostgreSQL data folder`);
  }
  const initdb = ['-D', args.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'];
  await execa(join(args.binDir, 'initdb'), initdb, { stdio: 'inherit' });
  // initdb trusts only 127.0.0.1; a node on the runtime's network hears the harness (the
  // bridge's address) and its peers from its own subnet, which samenet names.
  appendFileSync(join(args.dataDir, 'pg_hba.conf'), HBA_LINES);
}

const HBA_LINES = `
# faultline: the harness and the run's other nodes reach this server from the node's own subnet.
host all all samenet trust
host replication all samenet trust
`;

/**
 * In a container, the harness may come from outside the run's subnet (through a port the engine
 * publishes): let any host in (only the run's own hosts can reach a container's network).
 */
const TRUST_ANY_HOST = 'host all all all trust';

function trustAnyHost(dataDir: string): void {
  const file = join(dataDir, 'pg_hba.conf');
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim());
  if (!lines.includes(TRUST_ANY_HOST)) appendFileSync(file, `\n# faultline: the harness connects from outside the container\n${TRUST_ANY_HOST}\n`);
}

/** In a fresh pid namespace no earlier server can be alive: its lock files only mislead the new one. */
function removeDeadServersLocks(dataDir: string): void {
  const names = readdirSync(dataDir).filter((name) => name === 'postmaster.pid' || /^\.s\.PGSQL\.\d+\.lock$/.test(name));
  for (const name of names) rmSync(join(dataDir, name), { force: true });
  if (names.length > 0) log(`removed ${names.join(', ')} of the server that ran before this container's restart`);
}

function log(message: string): void {
  process.stderr.write(`faultline postgres launcher: ${message}\n`);
}

async function main(): Promise<number> {
  const args = parseLauncherArgs(process.argv.slice(2));
  await prepareDataDir(args);
  if (args.trustAnyHost) trustAnyHost(args.dataDir);
  if (args.freshPidNamespace) removeDeadServersLocks(args.dataDir);
  const library = args.keepGroup === false ? undefined : await buildKeepGroupLibrary(dirname(args.dataDir));
  if (args.prepareOnly) return 0;
  log(`start: ${[join(args.binDir, 'postgres'), ...postgresArgs(args)].join(' ')}`);
  const server = execa(join(args.binDir, 'postgres'), postgresArgs(args), {
    env: library === undefined ? {} : { LD_PRELOAD: withPreload(process.env.LD_PRELOAD, library) },
    stdio: 'inherit',
    reject: false,
    cleanup: false,
  });
  // Polite stops reach the server; SIGKILL and SIGSTOP reach the whole group anyway.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) process.on(signal, () => server.kill(signal));
  const result = await server;
  if (result.signal) log(`postgres ended by ${result.signal}`);
  return result.exitCode ?? 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(`cannot start: ${errorMessage(err)}`);
    process.exitCode = 1;
  },
);
