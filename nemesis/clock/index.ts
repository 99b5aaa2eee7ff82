// Wall-clock skew for local processes: a preloaded library of our own and the offset file it reads.
export { buildClockLibrary, clockCacheDir, clockSourceFile, compileCached } from './build.js';
export type { CachedBuild } from './build.js';
export { CLOCK_FILE_VARIABLE, MAX_OFFSET_MS, clockPreloadEnv, readClockOffset, writeClockOffset } from './offset-file.js';
