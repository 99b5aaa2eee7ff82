export { memoryTarget, memoryOptionsSchema, type MemoryOptions } from './target.js';
export { MemoryKvStore } from './store.js';
