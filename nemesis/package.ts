import type { Generator } from '../generators/index.js';
import type { NemesisExecutor } from '../core/target.js';
import { noFaults, type FaultSummary } from './verify/summary.js';

/**
 * Everything a run needs from its faults: when to inject them, how, and how to undo them.
 * Built from the fault kinds the user names (`--nemesis partition,pause`).
 */
export interface NemesisPackage {
  /** Fault operations during the main phase (routed to the nemesis worker by the harness). */
  readonly generator: Generator | null;
  /** Operations that undo every fault, run (and recorded) before the final reads. */
  readonly final: Generator | null;
  readonly executor: NemesisExecutor;
  /** Undoes every fault out of band: teardown, Ctrl-C, crashes. Never throws. */
  healAll(): Promise<void>;
  /** Short descriptions of the faults in force, for the progress line. */
  activeFaults(): string[];
  /** Per requested kind: faults applied, verified and not applied so far, with the reasons. */
  effects(): FaultSummary;
  /** What the user must know before the run starts (nodes a fault kind cannot reach, and why). */
  readonly notices: readonly string[];
}

export function noNemesis(): NemesisPackage {
  return {
    generator: null,
    final: null,
    executor: { invoke: async (op) => ({ type: 'info', error: `no nemesis can perform "${op.f}"` }) },
    healAll: async () => undefined,
    activeFaults: () => [],
    effects: noFaults,
    notices: [],
  };
}
