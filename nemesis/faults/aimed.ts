import type { FaultEnvironment, FaultKind } from '../../core/target.js';
import { isolateSkewedLeaderFault } from './isolate-skewed-leader.js';
import { killMajorityFault } from './kill.js';
import { isolateLeaderFault } from './partition.js';
import { partitionRestartFault } from './partition-restart.js';

/**
 * Fault kinds aimed where replicated systems break, the way Jepsen aims its nemeses at
 * primaries and majorities. They need a target that can name its primary (HasPrimary) and
 * share operation names with the plain kinds (kill, start-partition, bump-clock), so each runs
 * instead of, not next to, the plain kind it refines.
 */
export const AIMED_FAULT_KINDS: Readonly<Record<string, (env: FaultEnvironment) => FaultKind>> = {
  'kill-majority': killMajorityFault,
  'isolate-leader': isolateLeaderFault,
  'isolate-skewed-leader': isolateSkewedLeaderFault,
  'partition-restart': partitionRestartFault,
};
