export { checkListAppend, listAppendChecker } from './checker.js';
export { ListAppendExplainer } from './explain.js';
export { buildListVersions, positionOf } from './versions.js';
export type { ListVersions } from './versions.js';
