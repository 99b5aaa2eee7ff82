import { readdirSync } from 'node:fs';
import { execaSync } from 'execa';
import { FaultlineError } from '../../core/errors.js';
import { blocksDir } from './address-block.js';
import { faultlineBridges } from './node-network.js';
import { POOL } from './pool.js';

// While any local runtime lives, the whole pool 10.214.0.0/16 has a blackhole route. Each run's
// bridge route (a /24) is more specific and wins for its own nodes; any other address of the pool
// — a node of a run that has just stopped, a client that reconnects after teardown — is refused
// on this machine (EINVAL) instead of following the default route off it. The last runtime to stop
// removes the route; `faultline heal` does when no runtime is left.

/** Adds the pool's blackhole route unless it is there (idempotent). */
export function ensurePoolBlackhole(): void {
  const result = execaSync('ip', ['route', 'replace', 'blackhole', POOL], { reject: false });
  if (result.failed) {
    throw new FaultlineError('RUN_FAILED', `nemesis/local: cannot add the blackhole route for ${POOL}: ${String(result.stderr || result.shortMessage)}`, {
      cause: result,
    });
  }
}

/**
 * Removes the route when no subnet is leased. A runtime that leases a subnet meanwhile adds it
 * back itself (it leases, then ensures); the second look catches one that did so between our
 * look and our removal.
 */
export function removePoolBlackholeIfUnused(): boolean {
  if (leasesHeld()) return false;
  execaSync('ip', ['route', 'delete', 'blackhole', POOL], { reject: false });
  if (leasesHeld()) ensurePoolBlackhole();
  return true;
}

/** Any subnet leased here, or any run's bridge on the machine (a run may keep its leases in another state folder). */
function leasesHeld(): boolean {
  if (faultlineBridges().length > 0) return true;
  try {
    return readdirSync(blocksDir()).some((f) => f.endsWith('.lock'));
  } catch {
    return false;
  }
}
