import { hostname } from 'node:os';
import type { ProcessIdentity } from '../local/proc.js';

// Everything a Docker runtime creates carries these labels, so that it can be found again
// without any record on disk: by the runtime itself, by its emergency stop, and by
// `faultline heal` after the harness was killed. The owner label names the harness process
// (pid and kernel start time), which tells a dead run from a live one.

export const LABEL = {
  /** The runtime id, `<harness pid>-<hex>`. */
  run: 'faultline.run',
  /** The node name, on containers only. */
  node: 'faultline.node',
  /** The harness process: `<pid>:<start time in clock ticks>`. */
  owner: 'faultline.owner',
  /** The run folder, for people reading `docker ps`. */
  runDir: 'faultline.run-dir',
  /**
   * The machine the harness runs on: an engine may serve several. Whether the owner lives can
   * only be told there; heal elsewhere leaves the run alone.
   */
  host: 'faultline.host',
  /** On containers: `holder` (owns the node's network and folder) or `node` (runs its program). */
  role: 'faultline.role',
} as const;

/** This machine's name as the host label records it. */
export function harnessMachine(): string {
  return hostname();
}

export function ownerLabel(owner: ProcessIdentity): string {
  return `${owner.pid}:${owner.startTime}`;
}

/** The owner a label names; undefined when the label is missing or not ours. */
export function parseOwnerLabel(value: string | undefined): ProcessIdentity | undefined {
  const match = /^([0-9]+):([0-9]+)$/.exec(value ?? '');
  return match ? { pid: Number(match[1]), startTime: match[2] } : undefined;
}

export function runLabels(runId: string, owner: ProcessIdentity, runDir: string): Record<string, string> {
  return { [LABEL.run]: runId, [LABEL.owner]: ownerLabel(owner), [LABEL.runDir]: runDir, [LABEL.host]: harnessMachine() };
}

/** The engine's filter for everything of one run, or of every run. */
export function labelFilter(runId?: string): string {
  return JSON.stringify({ label: [runId === undefined ? LABEL.run : `${LABEL.run}=${runId}`] });
}
