// Helpers for fault-kind tests; not part of the published package.
export { faultEnvironment, RecordingRuntime } from './recording-runtime.js';
