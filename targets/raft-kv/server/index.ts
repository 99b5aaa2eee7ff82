// One raft-kv node: its command line, how it is assembled, and its state machine. The entry
// point that runs it is main.ts.
export { NODE_USAGE, parseNodeArgs } from './args.js';
export type { NodeConfig, PeerAddress } from './args.js';
export { BUG_NAMES, BUG_SUMMARIES, BugSet, isBugName } from './bugs.js';
export type { BugName } from './bugs.js';
export { monoNow } from './clock.js';
export { DeadlineQueue } from './deadline-queue.js';
export { NodeLogger } from './logger.js';
export type { LogFields } from './logger.js';
export { runNode } from './node-process.js';
export type { RunningNode } from './node-process.js';
export { KvStateMachine } from './state-machine.js';
export type { ApplyResult } from './state-machine.js';
