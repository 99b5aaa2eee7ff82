import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, FaultlineError } from '../../../core/errors.js';
import { RootfsPlan } from './rootfs.js';

// What faultline's two images hold, all taken from this machine.
//  - The holder image: the faultline-pod program, iptables (nft backend, extension modules) and,
//    when this machine has it, tc. A node's holder container owns its network namespace, applies
//    partitions and packet faults there, and knocks on peers from there to check them.
//  - A node image: Node at the path it has here (a target's NodeCommand names process.execPath),
//    the clock skew library at a fixed path, faultline's own code (package-code.ts), whatever
//    the target declares (ContainerNeeds: programs with their libraries, share folders, the
//    accounts its servers run as), and the few /etc files dynamic linking and user lookups need.

/** Where the clock skew library sits inside a node image. */
export const IMAGE_CLOCK_LIBRARY = '/usr/lib/faultline/libfaultline-clock.so';

/** Where faultline-pod sits inside the holder image. */
export const HOLDER_PROGRAM = '/usr/lib/faultline/faultline-pod';

/** The PATH every container gets. */
export const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface NodeImageInputs {
  /** The Node binary (default: the one running the harness). */
  nodeBinary: string;
  /** The compiled clock skew library on the host. */
  clockLibrary: string;
  /** Host files or folders to include at their own paths (executables bring their libraries). */
  paths: readonly string[];
  /** Host paths under `paths` to leave out. */
  exclude: readonly string[];
  /** Accounts to copy from this machine's /etc/passwd and /etc/group (root is always there). */
  users: readonly string[];
}

const IPTABLES_CANDIDATES = ['/usr/sbin/xtables-nft-multi', '/sbin/xtables-nft-multi', '/usr/bin/xtables-nft-multi'];
const XTABLES_MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/xtables', '/usr/lib/aarch64-linux-gnu/xtables', '/usr/lib/xtables', '/usr/lib64/xtables'];
const TC_CANDIDATES = ['/usr/sbin/tc', '/sbin/tc'];
const IPTABLES_COMMANDS = ['iptables', 'iptables-restore', 'iptables-save', 'iptables-nft', 'iptables-nft-restore', 'iptables-nft-save'];

export async function planHolderImage(helper: string): Promise<RootfsPlan> {
  const plan = skeleton();
  plan.addFileAs(HOLDER_PROGRAM, helper, 0o755);
  await plan.addLibrariesOf(helper);
  await addIptables(plan);
  // tc holds packets back (netem) where the engine's kernel can; without it, delay is refused.
  const tc = TC_CANDIDATES.find((path) => existsSync(path));
  if (tc) await plan.addElf(tc);
  addEtc(plan, []);
  return plan;
}

/** The part of a node image that needs ldd (Node, the clock library, declared programs). */
export async function planNodeImage(inputs: NodeImageInputs): Promise<RootfsPlan> {
  const plan = skeleton();
  await plan.addElf(inputs.nodeBinary);
  plan.addFileAs(IMAGE_CLOCK_LIBRARY, inputs.clockLibrary, 0o755);
  await plan.addLibrariesOf(inputs.clockLibrary);
  addEtc(plan, inputs.users);
  await addPaths(plan, inputs.paths, inputs.exclude);
  return plan;
}

/** Files added as they are, without looking for libraries: faultline's code and its packages. */
export function planCode(paths: readonly string[]): RootfsPlan {
  const plan = new RootfsPlan();
  for (const path of paths) {
    if (statSync(path).isDirectory())
      plan.addHostTree(
        path,
        () => true,
        (dir) => !dir.endsWith('/node_modules/.cache'),
      );
    else plan.addHostPath(path);
  }
  return plan;
}

function skeleton(): RootfsPlan {
  const plan = new RootfsPlan();
  for (const dir of ['/proc', '/sys', '/dev', '/run', '/etc']) plan.addDir(dir, 0o755);
  for (const dir of ['/tmp', '/var/tmp']) plan.addDir(dir, 0o1777);
  plan.addDir('/root', 0o700);
  return plan;
}

async function addIptables(plan: RootfsPlan): Promise<void> {
  const multi = IPTABLES_CANDIDATES.find((path) => existsSync(path));
  if (!multi) {
    throw new FaultlineError(
      'UNSUPPORTED',
      `nemesis/docker image: iptables with the nft backend (xtables-nft-multi) is not installed here; install iptables with scripts/install-system-deps`,
    );
  }
  await plan.addElf(multi);
  for (const command of IPTABLES_COMMANDS) plan.addSymlink(join(dirname(multi), command), 'xtables-nft-multi');
  const moduleDir = XTABLES_MODULE_DIRS.find((dir) => existsSync(dir));
  if (moduleDir) {
    const modules: string[] = [];
    plan.addHostTree(moduleDir, (path) => {
      if (path.endsWith('.so')) modules.push(path);
      return path.endsWith('.so');
    });
    await plan.addElf(...modules.filter((m) => statSync(m).isFile()));
  }
}

/** The accounts a NodeCommand may name, and what dynamic linking and name lookups read. */
function addEtc(plan: RootfsPlan, users: readonly string[]): void {
  const { passwd, group } = accounts(users);
  plan.addContent('/etc/passwd', passwd, 0o644);
  plan.addContent('/etc/group', group, 0o644);
  // Lets the dynamic loader find libraries at the paths they have on the host.
  if (existsSync('/etc/ld.so.cache')) plan.addFileAs('/etc/ld.so.cache', '/etc/ld.so.cache', 0o644);
  plan.addContent('/etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n');
  // The engine mounts its own hosts, hostname and resolv.conf over these.
  plan.addContent('/etc/hosts', '127.0.0.1\tlocalhost\n');
  plan.addContent('/etc/hostname', 'faultline\n');
  plan.addContent('/etc/resolv.conf', '');
}

/**
 * root, and each named user with the uid and gid it has here, and the groups they belong to;
 * nobody else's account goes into an image that may travel to another machine.
 */
export function accounts(users: readonly string[], passwdText = readEtc('/etc/passwd'), groupText = readEtc('/etc/group')): { passwd: string; group: string } {
  const passwdLines = passwdText.split('\n').filter(Boolean);
  const groupLines = groupText.split('\n').filter(Boolean);
  const wanted = ['root', ...users.filter((u) => u !== 'root')];
  const chosen = wanted.map((name) => {
    const line = passwdLines.find((l) => l.split(':')[0] === name);
    if (!line) throw new ConfigError('container.users', `a node runs as ${JSON.stringify(name)}, which has no account on this machine (/etc/passwd)`);
    return line;
  });
  const gids = new Set(chosen.map((l) => l.split(':')[3]));
  const groups = groupLines.filter((l) => {
    const [, , gid, members = ''] = l.split(':');
    return gids.has(gid) || members.split(',').some((m) => wanted.includes(m));
  });
  return { passwd: `${chosen.join('\n')}\n`, group: `${groups.join('\n')}\n` };
}

function readEtc(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return file.endsWith('passwd') ? 'root:x:0:0:root:/root:/bin/sh\n' : 'root:x:0:\n';
  }
}

async function addPaths(plan: RootfsPlan, paths: readonly string[], exclude: readonly string[]): Promise<void> {
  const excluded = (path: string) => exclude.some((e) => path === e || path.startsWith(`${e}/`));
  const elves: string[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw new ConfigError('container.paths', `${path} does not exist on this machine`, { cause: err });
    }
    if (excluded(path)) continue;
    if (isDir) {
      plan.addHostTree(
        path,
        (file) => {
          if (excluded(file)) return false;
          if (isElf(file)) elves.push(file);
          return true;
        },
        (dir) => !excluded(dir),
      );
    } else {
      plan.addHostPath(path);
      if (isElf(path)) elves.push(path);
    }
  }
  // One ldd for everything: extensions of a server can number in the hundreds.
  if (elves.length > 0) await plan.addElf(...elves);
}

function isElf(path: string): boolean {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, 'r');
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
