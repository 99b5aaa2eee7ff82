// Helpers for tests that run real nodes; not part of the published package.
export { PROBE_SCRIPT, askProbe, probeCommand, waitForProbe } from './probe-client.js';
export { faultPrerequisites, redisAvailable } from './prerequisites.js';
export type { Prerequisites } from './prerequisites.js';
export { runtimeFixture } from './runtime-fixture.js';
export type { FixtureOptions } from './runtime-fixture.js';
