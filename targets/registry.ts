import { memoryTarget } from './memory/index.js';
import { postgresTarget } from './postgres/index.js';
import { raftKvTarget } from './raft-kv/target.js';
import { redisLockTarget } from './redis-lock/index.js';
import type { Target } from '../core/target.js';

// The bundled targets by name. A user's own target is a module loaded by path, which is the
// harness's business (harness/load-target.ts), not the targets'.
const BUNDLED: readonly Target<any>[] = [raftKvTarget, memoryTarget, postgresTarget, redisLockTarget];

export function bundledTargets(): readonly Target<any>[] {
  return BUNDLED;
}

export function bundledTarget(name: string): Target<any> | undefined {
  return BUNDLED.find((t) => t.name === name);
}
