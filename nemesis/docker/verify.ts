import type { FaultCheck } from '../../core/runtime.js';
import type { ContainerLook } from './node-container.js';

// The Docker runtime's checks of pauses and kills, from the engine's own account of the
// container (inspect and top, through the API, so on an engine anywhere) rather than from the
// runtime's bookkeeping. `docker pause` answers only once the container's cgroup is frozen, and
// the engine then reports it paused; a container whose pid 1 has ended has no process left, since
// its pid namespace ends with it and the kernel kills every other process in it.

export function checkContainerPaused(node: string, look: ContainerLook | undefined, paused: boolean): FaultCheck {
  const base = { fault: 'pause' as const, undo: !paused, subject: node };
  if (!look?.running) return { ...base, outcome: 'unverified', detail: `${node}'s container is not running (${look?.status ?? 'never started'})` };
  const processes = look.processes === undefined ? 'every process' : `all ${look.processes} processes`;
  if (look.paused === paused) {
    return {
      ...base,
      outcome: 'verified',
      detail: paused
        ? `the engine reports ${node}'s container paused: ${processes} of it frozen`
        : `the engine reports ${node}'s container running again, not paused`,
    };
  }
  return { ...base, outcome: 'unverified', detail: `the engine reports ${node}'s container ${look.status}${look.paused ? ' (paused)' : ''}` };
}

/** After a kill: the container's pid 1 has ended (and with it every process). After a start: it runs. */
export function checkContainerRunning(node: string, look: ContainerLook | undefined, running: boolean): FaultCheck {
  const base = { fault: 'kill' as const, undo: running, subject: node };
  if (running) {
    return look?.running
      ? {
          ...base,
          outcome: 'verified',
          detail: `the engine reports ${node}'s container running again (pid ${look.pid} on the engine's host${look.processes !== undefined ? `, ${look.processes} processes` : ''})`,
        }
      : { ...base, outcome: 'unverified', detail: `the engine reports ${node}'s container ${look?.status ?? 'never started'}` };
  }
  if (!look) return { ...base, outcome: 'unverified', detail: `${node}'s container was never started` };
  if (look.running) return { ...base, outcome: 'unverified', detail: `the engine reports ${node}'s container still running (pid ${look.pid})` };
  return { ...base, outcome: 'verified', detail: `the engine reports ${node}'s container ${look.status}: its pid 1 ended, so no process of it is left` };
}
