import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unifiedMount } from '../local/cgroups.js';
import type { FaultCheck } from '../runtime.js';

// The Docker runtime's checks of pauses and kills, from the kernel's side rather than the
// engine's: `docker pause` freezes the container's cgroup, so the freezer state of the cgroup
// its pid 1 is in says whether every process of the container is frozen; a killed container's
// pid 1 is gone from the process table.

interface Freezer {
  /** FROZEN, FREEZING or THAWED (cgroup v1), or frozen/thawed from cgroup v2's cgroup.events. */
  state: string;
  procs: number;
  path: string;
}

/** The freezer state of the cgroup `pid` is in, from /proc and the cgroup filesystem. */
export function freezerOf(pid: number): Freezer | undefined {
  let lines: string[];
  try {
    lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  // cgroup v1: "7:freezer:/docker/<id>"
  const v1 = lines.map((l) => l.split(':')).find((f) => f.length >= 3 && f[1].split(',').includes('freezer'));
  const v1Mount = v1 && v1MountOf('freezer');
  if (v1 && v1Mount) {
    const dir = join(v1Mount, v1.slice(2).join(':'));
    return { state: read(join(dir, 'freezer.state')) ?? 'unknown', procs: count(join(dir, 'cgroup.procs')), path: dir };
  }
  // cgroup v2: "0::/system.slice/docker-<id>.scope"
  const v2 = lines.find((l) => l.startsWith('0::'));
  const mount = unifiedMount();
  if (v2 && mount) {
    const dir = join(mount, v2.slice(3));
    const frozen = read(join(dir, 'cgroup.events'))?.split('\n').find((l) => l.startsWith('frozen '));
    return { state: frozen === 'frozen 1' ? 'FROZEN' : 'THAWED', procs: count(join(dir, 'cgroup.procs')), path: dir };
  }
  return undefined;
}

export function checkContainerPaused(node: string, pid: number | undefined, paused: boolean): FaultCheck {
  const base = { fault: 'pause' as const, undo: !paused, subject: node };
  if (pid === undefined) return { ...base, outcome: 'unverified', detail: `${node} is not running` };
  const freezer = freezerOf(pid);
  if (!freezer) return { ...base, outcome: 'unverified', detail: `cannot find the cgroup of ${node}'s pid ${pid}` };
  const frozen = freezer.state === 'FROZEN';
  if (frozen === paused) {
    return { ...base, outcome: 'verified', detail: paused ? `all ${freezer.procs} processes of ${node}'s container frozen (freezer state FROZEN)` : `${node}'s container runs again (freezer state ${freezer.state})` };
  }
  return { ...base, outcome: 'unverified', detail: `${node}'s container freezer state is ${freezer.state}` };
}

/** After a kill: the container's pid 1 is gone. After a start: a pid 1 runs. */
export function checkContainerRunning(node: string, running: boolean, pid: number | undefined, previousPid: number | undefined): FaultCheck {
  const base = { fault: 'kill' as const, undo: running, subject: node };
  if (running) {
    return pid !== undefined && existsSync(`/proc/${pid}`)
      ? { ...base, outcome: 'verified', detail: `${node}'s container runs again (pid ${pid} on the host)` }
      : { ...base, outcome: 'unverified', detail: `${node}'s container is not running` };
  }
  if (pid !== undefined) return { ...base, outcome: 'unverified', detail: `${node}'s container still runs (pid ${pid})` };
  const left = previousPid !== undefined && existsSync(`/proc/${previousPid}`) && !isZombie(previousPid);
  return left
    ? { ...base, outcome: 'unverified', detail: `${node}'s pid ${previousPid} is still alive` }
    : { ...base, outcome: 'verified', detail: `no process of ${node}'s container is left${previousPid !== undefined ? ` (pid ${previousPid} is gone)` : ''}` };
}

function isZombie(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

function v1MountOf(controller: string): string | undefined {
  const text = read('/proc/self/mountinfo') ?? '';
  for (const line of text.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!after) continue;
    const [fstype, , superOptions] = after.split(' ');
    if (fstype === 'cgroup' && superOptions?.split(',').includes(controller)) return before.split(' ')[4];
  }
  return undefined;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function count(file: string): number {
  return (read(file) ?? '').split('\n').filter(Boolean).length;
}
