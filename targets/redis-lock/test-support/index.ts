// Helpers for redis-lock's tests: prerequisites, and a whole run read back.
export { redisLockTestsCanRun } from './prerequisites.js';
export { leftoverNodeProcesses, runLockTest, summary, type LockRun } from './run-lock-test.js';
export { redisFixture, sessionConfigFor, type RedisServers } from './redis-servers.js';
