import { faultPrerequisites, redisAvailable } from '../../../nemesis/test-support/prerequisites.js';

// redis-lock's tests run real redis-server processes on the local runtime. Locally they skip,
// saying why, when something is missing; on CI (CI=true) a missing prerequisite fails them.

let cached: Promise<boolean> | undefined;

export function redisLockTestsCanRun(): Promise<boolean> {
  cached ??= (async () => {
    if (!(await faultPrerequisites()).ok) return false;
    if (await redisAvailable()) return true;
    const reason = 'redis-server or redis-cli is not installed (scripts/install-system-deps installs them)';
    if (process.env.CI === 'true') throw new Error(`redis-lock tests cannot run on CI: ${reason}`);
    console.warn(`skipping redis-lock tests: ${reason}`);
    return false;
  })();
  return cached;
}
