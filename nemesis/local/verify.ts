import { CLOCK_SEEN_TIMEOUT_MS, notSeenDetail, waitForSeen } from '../clock/seen-file.js';
import type { FaultCheck } from '../../core/runtime.js';
import type { NodeProcess } from './node-process.js';
import { readProcStat } from './proc.js';

// The local runtime's checks of pauses, kills and clocks, made from what the kernel says about
// the node's cgroup and processes, and from the clock library's own record, never from the
// runtime's bookkeeping alone.

export function checkPaused(proc: NodeProcess, paused: boolean): FaultCheck {
  const name = proc.info.name;
  const count = proc.cgroup.procs().length;
  const frozen = proc.cgroup.frozen();
  const base = { fault: 'pause' as const, undo: !paused, subject: name };
  if (paused) {
    if (count === 0) return { ...base, outcome: 'unverified', detail: `${name} has no process to freeze` };
    return frozen
      ? {
          ...base,
          outcome: 'verified',
          detail: `${count === 1 ? 'the one process' : `all ${count} processes`} of ${name} frozen (its cgroup reports frozen 1)`,
        }
      : { ...base, outcome: 'unverified', detail: `${name}'s cgroup does not report every process frozen` };
  }
  return frozen
    ? { ...base, outcome: 'unverified', detail: `${name}'s cgroup still reports frozen` }
    : { ...base, outcome: 'verified', detail: `${name}'s ${count === 1 ? 'process runs' : `${count} processes run`} again (its cgroup reports frozen 0)` };
}

export function checkRunning(proc: NodeProcess, running: boolean): FaultCheck {
  const name = proc.info.name;
  const base = { fault: 'kill' as const, undo: running, subject: name };
  if (!running) {
    const left = proc.cgroup.procs();
    return left.length === 0 && !proc.cgroup.populated()
      ? { ...base, outcome: 'verified', detail: `no process of ${name} is left (its cgroup is empty)` }
      : { ...base, outcome: 'unverified', detail: `processes ${left.join(', ')} of ${name} are still alive` };
  }
  const pid = proc.pid;
  const stat = pid === undefined ? undefined : readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z'
    ? { ...base, outcome: 'verified', detail: `${name} runs again (pid ${pid})` }
    : { ...base, outcome: 'unverified', detail: `${name} is not running` };
}

export async function checkClock(proc: NodeProcess, seenFile: string, ms: number, mark: number, undo: boolean): Promise<FaultCheck> {
  const name = proc.info.name;
  const shown = `${ms > 0 ? '+' : ''}${ms} ms`;
  const base = { fault: 'clock' as const, undo, subject: name };
  if (!proc.running) return { ...base, outcome: 'unverified', detail: `${name} is not running; its program reads ${shown} from its next start` };
  if (proc.paused) return { ...base, outcome: 'unverified', detail: `${name} is paused; its program reads ${shown} once resumed` };
  const pid = await waitForSeen(seenFile, ms, mark, CLOCK_SEEN_TIMEOUT_MS);
  if (pid !== undefined) return { ...base, outcome: 'verified', detail: `pid ${pid} of ${name} read its wall clock at ${shown} through the clock library` };
  return { ...base, outcome: 'unverified', detail: notSeenDetail(name, shown) };
}
