// The top of the report: the verdict banner, what was tested and how to reproduce it.
export { verdictBanner } from './banner.js';
export { reproduction, shellQuote } from './reproduce.js';
export type { Reproduction } from './reproduce.js';
export { faultTable, filesSection, formatBytes, problemsNotice, runSummary } from './run-summary.js';
export { faultEffectsOf, faultEffectsSection, neverTookEffectNotice } from './fault-effects.js';
export type { FaultEffectsView } from './fault-effects.js';
