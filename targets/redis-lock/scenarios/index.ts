// redis-lock's fault scenarios, by the name `--nemesis` takes. Each aims at whoever holds the lock.
import type { FaultKindFactory } from '../../../core/target.js';
import { clockJumpFault } from './clock-jump.js';
import { failoverFault } from './failover.js';
import { clientPauseFault, netDelayFault } from './holder-pause.js';
import { restartFault } from './restart.js';

export const REDIS_LOCK_SCENARIOS: Readonly<Record<string, FaultKindFactory>> = {
  'client-pause': clientPauseFault,
  'net-delay': netDelayFault,
  'clock-jump': clockJumpFault,
  restart: restartFault,
  failover: failoverFault,
};

export { clientPauseFault, clockJumpFault, failoverFault, netDelayFault, restartFault };
export type { PausePoint } from './holder-pause.js';
export { lockHolding, waitForHolding, type Holding } from './aim.js';
