// Durable state of one node: term and vote, the write-ahead log, the latest snapshot.
export { replaceFileDurably, syncFolder } from './durable-file.js';
export { LogFile } from './log-file.js';
export type { LogDurability } from './log-file.js';
export { encodeEntry, encodeHeader, logFileName, parseLogFileName } from './log-format.js';
export type { LogHeader } from './log-format.js';
export { recoverLog } from './log-recovery.js';
export type { RecoveredLog } from './log-recovery.js';
export { MetaStore } from './meta-store.js';
export type { MetaDurability, TermAndVote } from './meta-store.js';
export { SnapshotStore } from './snapshot-store.js';
