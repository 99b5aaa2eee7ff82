// redis-lock: distributed locks on Redis under pauses, clock jumps, restarts and failovers.
export { redisLockTarget } from './target.js';
export { redisLockOptionsSchema, derivedSettings, type DerivedSettings, type RedisLockOptions } from './options.js';
export { redisLockNodeNames, clientNodeFor, DEFAULT_REDLOCK_MASTERS } from './layout.js';
export { REDIS_LOCK_SCENARIOS, lockHolding, type Holding, type PausePoint } from './scenarios/index.js';
export { HolderBoard, type HolderMoment } from './holder-board.js';
export { redisServerCommand, PERSISTENCE_MODES, type Persistence, type RedisNodeOptions } from './redis-command.js';
export { lockClientCommand, LOCK_CLIENT_ENTRY } from './lock-client/launch.js';
export { LockSession, createLock } from './lock-client/session.js';
export type { DistributedLock, Grant } from './lock-client/locks/lock.js';
export { FencedCounter, ResourceServer } from './resource/index.js';
export { LOCK_KINDS, STALE_TOKEN_ERROR, type LockKind, type Outcome, type SessionConfig } from './protocol/index.js';
