// The resource a lock protects: a fenced counter, served from the harness process.
export { FencedCounter } from './fenced-counter.js';
export { ResourceServer } from './resource-server.js';
