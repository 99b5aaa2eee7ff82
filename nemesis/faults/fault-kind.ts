import type { Rng } from '../../harness/rng.js';
import type { Invocation, Target, TargetContext } from '../../targets/target.js';
import type { NodeRuntime } from '../runtime.js';
import type { FaultSteps } from '../schedule.js';

/** What every fault kind gets to work with. */
export interface FaultEnvironment {
  runtime: NodeRuntime;
  target: Target<any>;
  targetContext: TargetContext<any>;
  /** Choices made while applying faults (which nodes), separate from the schedule's draws. */
  rng: Rng;
  nodes: readonly string[];
  /** The current leader, when the target can tell. */
  primary(): Promise<string | undefined>;
  log(message: string): void;
  /**
   * Tells the user, before the run, that this kind leaves `node` alone and why (a program the
   * clock library cannot reach); shown on the terminal and in the report.
   */
  exclude?(node: string, why: string): void;
  /** Options of the built-in packet kind (--packet-loss, --packet-delay). */
  packet?: { loss?: number; delayMs?: number };
}

/**
 * One kind of fault (partition, pause, kill, clock): how to start it, how to undo it, and
 * how to apply its operations. Completion values record exactly what was applied.
 */
export interface FaultKind {
  readonly name: string;
  /** The operations this kind performs. */
  readonly fs: readonly string[];
  /**
   * The next start operation; its value says what to aim for (a topology, which nodes). A
   * scenario returns several, performed in order, each recorded as it completes.
   */
  start(rng: Rng): FaultSteps;
  /** The operation(s) that undo whatever this kind did; null if faults undo themselves. */
  readonly stop: FaultSteps | null;
  /** How long a fault lasts before its stop (ns), when not the schedule's interval. */
  readonly durationNs?: number;
  apply(op: Invocation, signal: AbortSignal): Promise<unknown>;
  /** Checks, before the run, what the kind needs from this machine; throws ConfigError to refuse. */
  prepare?(): Promise<void>;
  /** Undo everything this kind did, out of band. Idempotent. */
  heal(): Promise<void>;
  active(): string[];
}
