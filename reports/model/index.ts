// What the report draws, computed from a history: fault windows and operations as columns.
export { describeFault, describeGrudge, faultWindows } from './fault-windows.js';
export type { FaultKind, FaultWindow } from './fault-windows.js';
export { buildOpTable, FAIL, INFO, OK, OUTCOME_NAMES } from './op-table.js';
export type { OpTable, OutcomeName } from './op-table.js';
