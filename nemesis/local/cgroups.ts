import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../../core/errors.js';

// Each node of the local runtime lives in a cgroup v2 folder of its own,
// <unified mount>/faultline/<runtime id>/<node>. Every process the node starts, forks or
// daemonizes stays in it (setsid and double forks leave a process group, never a cgroup), so the
// cgroup is what a node is: `cgroup.kill` ends all of it, `cgroup.freeze` stops all of it at once,
// and `cgroup.events` says, from the kernel, whether any of it is left and whether all of it is
// frozen. Only core cgroup v2 files are used, so no controller needs to be enabled (on a hybrid
// machine the controllers stay with cgroup v1).

/** The folder under the unified hierarchy holding every runtime's cgroups. */
export const CGROUP_FOLDER = 'faultline';

let mountPoint: string | null | undefined;

/** Where cgroup v2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid machines); undefined without one. */
export function unifiedMount(): string | undefined {
  if (mountPoint === undefined) {
    mountPoint = null;
    try {
      // mountinfo: id parent dev root mountpoint options [optional…] - fstype source superoptions
      for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
        const [before, after] = line.split(' - ');
        if (after?.split(' ')[0] === 'cgroup2') {
          mountPoint = before.split(' ')[4].replace(/\\040/g, ' ');
          break;
        }
      }
    } catch {
      // No /proc: not Linux; the caller says what that means.
    }
  }
  return mountPoint ?? undefined;
}

/** <mount>/faultline, where every runtime's folder goes. */
export function cgroupsRoot(): string {
  const mount = unifiedMount();
  if (!mount)
    throw new FaultlineError(
      'UNSUPPORTED',
      'nemesis/local: no cgroup v2 hierarchy is mounted (see /proc/self/mountinfo); the local runtime keeps each node in a cgroup of its own',
    );
  return join(mount, CGROUP_FOLDER);
}

export function runtimeCgroupDir(runtimeId: string): string {
  return join(cgroupsRoot(), runtimeId);
}

/** One node's cgroup. Every method is synchronous: exit handlers use them too. */
export class NodeCgroup {
  constructor(readonly dir: string) {}

  /** Creates the folder (and its parents); an existing one is reused empty. */
  create(): void {
    try {
      // Another runtime that stopped may remove the shared parent between our mkdir's steps.
      for (let attempt = 0; ; attempt++) {
        try {
          mkdirSync(this.dir, { recursive: true });
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
        }
      }
    } catch (err) {
      throw new FaultlineError(
        'UNSUPPORTED',
        `nemesis/local: cannot create the cgroup ${this.dir}: ${(err as Error).message} (the local runtime needs root and a writable cgroup v2 hierarchy)`,
        { cause: err },
      );
    }
  }

  /** The file a process writes "0" into to move itself here. */
  get procsFile(): string {
    return join(this.dir, 'cgroup.procs');
  }

  get exists(): boolean {
    return existsSync(this.dir);
  }

  /** Every process in the cgroup (none when it does not exist). */
  procs(): number[] {
    try {
      return readFileSync(this.procsFile, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** The kernel's word on whether any process is left. */
  populated(): boolean {
    return this.event('populated') === 1;
  }

  /** The kernel's word on whether every process in it is frozen (and it is meant to be). */
  frozen(): boolean {
    return this.event('frozen') === 1;
  }

  /** Freezes (true) or thaws (false) every process, present and future. */
  freeze(on: boolean): void {
    if (!this.exists) return;
    writeFileSync(join(this.dir, 'cgroup.freeze'), on ? '1' : '0');
  }

  /**
   * SIGKILL to every process, frozen ones included. Kernels before 5.14 have no cgroup.kill:
   * there the cgroup is frozen (no fork can race the kill), each process killed, then thawed,
   * since a frozen process dies only once it runs.
   */
  killAll(): void {
    if (!this.exists) return;
    const killFile = join(this.dir, 'cgroup.kill');
    if (existsSync(killFile)) {
      writeFileSync(killFile, '1');
      return;
    }
    this.freeze(true);
    for (const pid of this.procs()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    this.freeze(false);
  }

  /** Removes the folder once it is empty; true when it is gone. */
  remove(): boolean {
    return removeCgroupTree(this.dir);
  }

  private event(name: string): number | undefined {
    try {
      const line = readFileSync(join(this.dir, 'cgroup.events'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.slice(name.length + 1));
    } catch {
      return undefined;
    }
  }
}

/**
 * Removes a cgroup folder and the folders below it (rmdir, deepest first: cgroup folders cannot
 * be removed recursively). A folder that still holds processes stays; returns whether all went.
 */
export function removeCgroupTree(dir: string): boolean {
  if (!existsSync(dir)) return true;
  let removedAll = true;
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return !existsSync(dir);
  }
  for (const child of entries) removedAll = removeCgroupTree(join(dir, child)) && removedAll;
  try {
    rmdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') removedAll = false;
  }
  return removedAll;
}

/** Removes the shared faultline folder once no runtime has a folder in it (best effort). */
export function removeRootIfEmpty(): void {
  try {
    rmdirSync(cgroupsRoot());
  } catch {
    // Another runtime's folder is in it, or it is gone already.
  }
}

/** Whether this machine can give nodes cgroups: a reason when not. */
export function cgroupProblem(): string | undefined {
  const mount = unifiedMount();
  if (!mount) return 'no cgroup v2 hierarchy is mounted';
  if (!existsSync(join(mount, 'cgroup.procs'))) return `${mount} does not look like a cgroup v2 hierarchy`;
  return undefined;
}
