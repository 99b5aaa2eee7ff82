// Helpers for tests that run Docker nodes; not part of the published package.
export { dockerFixture } from './fixture.js';
export type { DockerFixtureOptions } from './fixture.js';
export { dockerPrerequisites } from './prerequisites.js';
export type { DockerPrerequisites } from './prerequisites.js';
export { askNode, isSilent, waitForNode } from './probe.js';
