// The Lua scripts the lock clients run. Each executes atomically on one server.

/** Deletes the lock only if it still holds our value (the Redis documentation's release). */
export const RELEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

/**
 * SET NX PX and, when it took, the next fencing token from a counter next to the lock, in one
 * step: no other grant can come between the lock and its token. Nil when the lock is held.
 */
export const FENCED_ACQUIRE_SCRIPT = `
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('incr', KEYS[2])
end
return false`;

/** Where a lock's fencing counter lives. */
export function fenceKey(lockKey: string): string {
  return `${lockKey}:fence`;
}
