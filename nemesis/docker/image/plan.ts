import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FaultlineError } from '../../../harness/errors.js';
import { RootfsPlan } from './rootfs.js';

// What a faultline node image holds, all taken from this machine: the Node binary at the path it
// has here (so a target's NodeCommand, which names process.execPath, runs unchanged), iptables
// with its nft backend and extension modules, the clock skew library at a fixed path, and the
// few /etc files a dynamically linked program and user lookups need.

/** Where the clock skew library sits inside the image. */
export const IMAGE_CLOCK_LIBRARY = '/usr/lib/faultline/libfaultline-clock.so';

/** The PATH every node container gets. */
export const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ImageInputs {
  /** The Node binary (default: the one running the harness). */
  nodeBinary: string;
  /** The compiled clock skew library on the host. */
  clockLibrary: string;
  /** More host files or folders to include at their own paths (executables bring their libraries). */
  extraPaths: readonly string[];
}

const IPTABLES_CANDIDATES = ['/usr/sbin/xtables-nft-multi', '/sbin/xtables-nft-multi', '/usr/bin/xtables-nft-multi'];
const XTABLES_MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/xtables', '/usr/lib/aarch64-linux-gnu/xtables', '/usr/lib/xtables', '/usr/lib64/xtables'];
const IPTABLES_COMMANDS = ['iptables', 'iptables-restore', 'iptables-save', 'iptables-nft', 'iptables-nft-restore', 'iptables-nft-save'];

export async function planNodeImage(inputs: ImageInputs): Promise<RootfsPlan> {
  const plan = new RootfsPlan();
  for (const dir of ['/proc', '/sys', '/dev', '/run', '/etc']) plan.addDir(dir, 0o755);
  for (const dir of ['/tmp', '/var/tmp']) plan.addDir(dir, 0o1777);
  plan.addDir('/root', 0o700);

  await plan.addElf(inputs.nodeBinary);
  await addIptables(plan);
  plan.addFileAs(IMAGE_CLOCK_LIBRARY, inputs.clockLibrary, 0o755);
  addEtc(plan);
  await addExtras(plan, inputs.extraPaths);
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

function addEtc(plan: RootfsPlan): void {
  // The host's users and groups, so that a NodeCommand's `user` means the same account here.
  for (const file of ['/etc/passwd', '/etc/group']) {
    if (existsSync(file)) plan.addFileAs(file, file, 0o644);
  }
  // Lets the dynamic loader find libraries at the paths they have on the host.
  if (existsSync('/etc/ld.so.cache')) plan.addFileAs('/etc/ld.so.cache', '/etc/ld.so.cache', 0o644);
  plan.addContent('/etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n');
  // The engine mounts its own hosts, hostname and resolv.conf over these.
  plan.addContent('/etc/hosts', '127.0.0.1\tlocalhost\n');
  plan.addContent('/etc/hostname', 'faultline\n');
  plan.addContent('/etc/resolv.conf', '');
}

async function addExtras(plan: RootfsPlan, paths: readonly string[]): Promise<void> {
  const elves: string[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw new FaultlineError('BAD_CONFIG', `nemesis/docker image: extra path ${path} does not exist on this machine`, { cause: err });
    }
    if (isDir) {
      plan.addHostTree(path, (file) => {
        if (isElf(file)) elves.push(file);
        return true;
      });
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
