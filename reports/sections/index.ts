// One renderer per kind of checker result, plus a generic one for anything else.
export { renderChecker } from './render-checker.js';
export { sectionId, timeAt } from './checker-view.js';
export type { CheckerRenderer, CheckerView, Moment, RenderContext } from './checker-view.js';
export { anomalyMeaning } from './anomaly-meanings.js';
export { cycleSvg, EDGE_COLORS } from './cycle-svg.js';
export { linearizationSvg } from './linearization-svg.js';
export { collectIndices, rawJson } from './generic.js';
export { showButton, table, verdictClass, verdictWord } from './markup.js';
export type { Cell } from './markup.js';
