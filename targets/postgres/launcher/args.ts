import { ConfigError } from '../../../core/errors.js';
import { parseSetting, settingArgs, type ServerSetting } from '../settings.js';

// The launcher's command line, written by the target (launch.ts) and read by the launcher
// (main.ts): one format, one place.

export interface LauncherArgs {
  dataDir: string;
  host: string;
  port: number;
  binDir: string;
  settings: ServerSetting[];
  /** Make the data folder and the library, then exit without starting the server. */
  prepareOnly?: boolean;
  /**
   * Keep every server process in the launcher's process group with the keep-group library
   * (default true). A container needs none: its pid namespace and cgroup hold them all.
   */
  keepGroup?: boolean;
  /**
   * Accept connections from any address without a password (pg_hba.conf), not only from
   * loopback: in a container the harness connects from the run network's gateway or through a
   * published port, and only the run's own hosts can reach that network.
   */
  trustAnyHost?: boolean;
  /**
   * The launcher starts a fresh pid namespace (a container's first process): a lock file left in
   * the data folder is a dead server's, whose pid may now belong to one of the launcher's own
   * threads, which PostgreSQL would take for a live postmaster. Remove such lock files first.
   */
  freshPidNamespace?: boolean;
}

export function formatLauncherArgs(args: LauncherArgs): string[] {
  const out = ['--data-dir', args.dataDir, '--host', args.host, '--port', String(args.port), '--bin-dir', args.binDir];
  for (const s of args.settings) out.push('--setting', `${s.name}=${s.value}`);
  if (args.prepareOnly) out.push('--prepare-only', 'true');
  if (args.keepGroup === false) out.push('--keep-group', 'false');
  if (args.trustAnyHost) out.push('--trust-any-host', 'true');
  if (args.freshPidNamespace) out.push('--fresh-pid-namespace', 'true');
  return out;
}

export function parseLauncherArgs(argv: readonly string[]): LauncherArgs {
  const single = new Map<string, string>();
  const settings: ServerSetting[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new ConfigError(flag, 'needs a value');
    if (flag === '--setting') settings.push(parseSetting(value, '--setting'));
    else if (['--data-dir', '--host', '--port', '--bin-dir', '--prepare-only', '--keep-group', '--trust-any-host', '--fresh-pid-namespace'].includes(flag))
      single.set(flag, value);
    else throw new ConfigError(flag, 'unknown launcher flag');
  }
  const need = (flag: string) => {
    const value = single.get(flag);
    if (value === undefined) throw new ConfigError(flag, 'is required');
    return value;
  };
  const port = Number(need('--port'));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError('--port', `must be a port number, got ${JSON.stringify(single.get('--port'))}`);
  return {
    dataDir: need('--data-dir'),
    host: need('--host'),
    port,
    binDir: need('--bin-dir'),
    settings,
    prepareOnly: single.get('--prepare-only') === 'true',
    keepGroup: single.get('--keep-group') !== 'false',
    trustAnyHost: single.get('--trust-any-host') === 'true',
    freshPidNamespace: single.get('--fresh-pid-namespace') === 'true',
  };
}

/**
 * Settings faultline gives every server it starts, before the user's (the last one named wins):
 * dynamic shared memory in files inside the data folder, so that a SIGKILL leaves nothing in
 * /dev/shm; room for more clients than PostgreSQL's default allows; and deadlocks found in
 * 20 ms rather than 1 s, since hot keys written in random order deadlock often and each one
 * would otherwise stall two clients for a second.
 */
export const BASE_SETTINGS: readonly ServerSetting[] = [
  { name: 'dynamic_shared_memory_type', value: 'mmap' },
  { name: 'max_connections', value: '300' },
  { name: 'deadlock_timeout', value: '20ms' },
];

/** The longest unix socket path the kernel accepts (sun_path holds 108 bytes with the NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * The postgres command line (after the program name) for these launcher arguments. The unix
 * socket goes into the data folder, never /var/run; when that path is too long for a socket
 * the server gets none (clients use TCP), since PostgreSQL refuses to start otherwise.
 */
export function postgresArgs(args: LauncherArgs): string[] {
  const socketPath = `${args.dataDir}/.s.PGSQL.${args.port}.lock`;
  const socketDir = Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH ? args.dataDir : '';
  return ['-D', args.dataDir, '-h', args.host, '-p', String(args.port), '-k', socketDir, ...settingArgs([...BASE_SETTINGS, ...args.settings])];
}
