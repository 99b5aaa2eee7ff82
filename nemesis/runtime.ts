// Where a target's nodes run and how faults reach them. A runtime offers a base set of
// operations and optional capabilities, each with a type guard, so a nemesis asks what the
// runtime supports instead of calling methods that throw.

/** One node of the system under test, as the harness and the nemesis see it. */
export interface NodeInfo {
  /** Short stable name: n1, n2, … */
  readonly name: string;
  /** Address the node binds to and clients connect to (127.0.0.2, … locally). */
  readonly host: string;
  /** The node's main port (client and peer traffic). */
  readonly port: number;
  /** Private data directory, inside the run folder. */
  readonly dataDir: string;
  /** Where the node's stdout and stderr go: runs/…/nodes/<name>.log. */
  readonly logFile: string;
}

/** How to launch one node, supplied by the target. Arguments are never passed through a shell. */
export interface NodeCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Run as this user (e.g. postgres, which refuses to run as root). */
  user?: string;
}

/** Who refuses traffic from whom: grudge[a] lists the nodes whose packets a drops (Jepsen's grudge). */
export type Grudge = Readonly<Record<string, readonly string[]>>;

export interface NodeRuntime {
  readonly kind: string;
  readonly nodes: readonly NodeInfo[];
  /**
   * The harness's address as the nodes see it (the gateway of their network), for a target that
   * serves something to its nodes from the harness; undefined when nodes reach the harness at
   * 127.0.0.1. No fault ever cuts it.
   */
  readonly harnessHost?: string;
  /** Starts a node that is not running; resolves once the process exists (not when it is ready). */
  start(node: string): Promise<void>;
  /** SIGKILL: no chance to flush or say goodbye. */
  kill(node: string): Promise<void>;
  isRunning(node: string): boolean;
  /** Stops every node and removes every fault; safe to call twice. */
  stopAll(): Promise<void>;
}

export interface Pausable {
  pause(node: string): Promise<void>;
  resume(node: string): Promise<void>;
}

export interface Partitionable {
  partition(grudge: Grudge): Promise<void>;
  heal(): Promise<void>;
}

export interface ClockSkewable {
  /** Shifts the node's wall clock by `ms` relative to true time; its monotonic clock stays true. */
  setClockOffset(node: string, ms: number): Promise<void>;
  resetClock(node: string): Promise<void>;
}

export function isPausable(runtime: NodeRuntime): runtime is NodeRuntime & Pausable {
  const r = runtime as Partial<Pausable>;
  return typeof r.pause === 'function' && typeof r.resume === 'function';
}

export function isPartitionable(runtime: NodeRuntime): runtime is NodeRuntime & Partitionable {
  const r = runtime as Partial<Partitionable>;
  return typeof r.partition === 'function' && typeof r.heal === 'function';
}

export function isClockSkewable(runtime: NodeRuntime): runtime is NodeRuntime & ClockSkewable {
  const r = runtime as Partial<ClockSkewable>;
  return typeof r.setClockOffset === 'function' && typeof r.resetClock === 'function';
}
