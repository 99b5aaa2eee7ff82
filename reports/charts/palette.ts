import type { FaultKind } from '../model/fault-windows.js';

// One palette for the whole report, so a colour means the same thing in every chart, the
// timeline and the legend. Outcomes are green/red/amber as in Jepsen's plots; faults use
// hues no outcome uses.

export const OUTCOME_COLORS = ['#2e9d57', '#d64545', '#e09a00'] as const;

export const FAULT_COLORS: Record<FaultKind, string> = {
  partition: '#7b61c9',
  packet: '#a0752d',
  pause: '#3f86d2',
  kill: '#5d6470',
  clock: '#15a0a0',
  other: '#b06fb0',
};

export const FAULT_ORDER: readonly FaultKind[] = ['partition', 'packet', 'kill', 'pause', 'clock', 'other'];
