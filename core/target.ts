import type { z } from 'zod';
import type { Checker } from './verdict.js';
import type { Generator, OpTemplate } from './generator.js';
import type { Key, ProcessId } from './history.js';
import type { Rng } from './rng.js';
import type { ContainerNeeds, NodeCommand, NodeInfo, NodeRuntime, PortRequest } from './runtime.js';

// What a system under test provides to faultline. A user's own target is a module whose
// default export satisfies `Target`; optional capabilities (HasPrimary) have type guards.

/** One operation as handed to a client. */
export interface Invocation {
  process: ProcessId;
  f: string;
  value: unknown;
  key?: Key;
  /**
   * The client worker (0 … concurrency-1) running the process. A process is renumbered after an
   * `info` (old id + concurrency); its worker, and so the node it talks to, stays. Absent for
   * nemesis operations.
   */
  worker?: number;
}

/**
 * How an operation ended. `fail` means it certainly did not take effect; anything uncertain
 * (timeouts, lost connections) must be `info`. A client that throws produces `info`.
 */
export interface Completion {
  type: 'ok' | 'fail' | 'info';
  value?: unknown;
  error?: string;
  node?: string;
}

export interface Client {
  /**
   * The node this client sends its operations to, when it is bound to one. The harness records
   * it as the `node` of each invocation made on the open client, so a history shows where
   * operations were sent (a completion's own `node` says which node answered).
   */
  readonly node?: string;
  /** `signal` aborts when the harness gives up on the operation (it is then recorded as info). */
  invoke(op: Invocation, signal: AbortSignal): Promise<Completion>;
  close(): Promise<void>;
}

/** Which checker judges a workload's history, and with what options. */
export interface CheckerSpec {
  /** A built-in checker, one the target brings (Target.checkers), or the path of a module exporting a Checker. */
  checker: string;
  options?: Record<string, unknown>;
  /** Name in results.json when one checker runs twice with different options. */
  as?: string;
}

export interface Workload {
  readonly name: string;
  /** Client operations during the main phase (the harness adds rate and time limits). */
  readonly generator: Generator;
  /** Client operations after the faults are healed, e.g. final reads. */
  readonly final?: Generator;
  readonly checkers: readonly CheckerSpec[];
}

export interface WorkloadOptions {
  rng: Rng;
  concurrency: number;
  nodes: readonly NodeInfo[];
}

export interface TargetContext<Options = Record<string, unknown>> {
  readonly options: Options;
  /** The workload this run drives, so a client can map its operations. */
  readonly workload: string;
  readonly runDir: string;
  /** The target's nodes; empty for targets that run in-process. */
  readonly nodes: readonly NodeInfo[];
  readonly runtime: NodeRuntime | undefined;
  readonly concurrency: number;
  /** Per-operation timeout the harness enforces, for clients that set their own socket timeouts. */
  readonly opTimeoutMs: number;
  log(message: string): void;
}

/** A command-line flag a target adds to `faultline test` (shown under the target's name). */
export interface TargetFlag {
  describe: string;
  type: 'string' | 'number' | 'boolean';
  array?: boolean;
  choices?: readonly string[];
  /** Key in the options object, when it differs from the flag's camelCase name. */
  option?: string;
}

/** What `faultline audit <target>` hands an audit: where to write and how to make its runs. */
export interface AuditContext {
  readonly cwd: string;
  /** The folder for run folders (--runs-dir); the audit writes its own record in a folder there. */
  readonly runsDir: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Runs one test as `faultline test` does (the same config fields), healed and checked. */
  runTest(input: Record<string, unknown>): Promise<{ runDir: string; results: { valid: boolean | 'unknown'; checkers?: Record<string, unknown> } }>;
  /** True once the user asked to stop (Ctrl-C): the run under way finishes and is checked; make no more. */
  stopRequested(): boolean;
}

/**
 * A target that can audit its configuration (`faultline audit <target>`): it plans runs, makes
 * them through the context, writes its own record and says the exit code. PostgreSQL's runs every
 * workload at every isolation level and draws the matrix of anomalies each level allowed.
 */
export interface TargetAudit {
  readonly describe: string;
  /** The audit's own flags, shown by `faultline audit --help`. */
  readonly flags: Readonly<Record<string, TargetFlag>>;
  /** `options` holds the flags as given, camelCased; returns the exit code. */
  run(options: Record<string, unknown>, context: AuditContext): Promise<number>;
}

/** What a run knows when it lays out a target's nodes. */
export interface ClusterSizing {
  concurrency: number;
  nodes: number | undefined;
}

export interface ClusterSpec<Options> {
  readonly defaultNodes: number;
  /** Each node's main port (NodeInfo.port): where `dialAddress` and `nodeEndpoint(node)` lead. */
  readonly port: number;
  /**
   * Further ports each node listens on, by name: `{ peer: 7001, metrics: 'any' }`. A number is
   * that port, 'any' one the runtime picks. The runtime hands out numbers that no other port of
   * the node has and that it does not use itself, publishes each on a free port of a remote
   * engine's host, and puts them in NodeInfo.ports; read them with `nodePort(node, 'peer')` and
   * `nodeEndpoint(node, 'peer')` (targets/support). A bad request is refused before any node starts.
   */
  readonly ports?: Readonly<Record<string, PortRequest>>;
  /** False when these options point at a system that already runs (e.g. a database URL). */
  enabled?(options: Options): boolean;
  /**
   * Node names, for targets whose nodes play different parts (redis-lock: servers r1…, lock
   * clients c1…); the node count follows from them. `nodes` is the user's --nodes, if given.
   * Without it the nodes are n1…nN.
   */
  names?(options: Options, sizing: ClusterSizing): readonly string[];
  /**
   * How to launch a node. `runtime` is the kind of runtime it runs on ('local', 'docker'): on
   * Docker the command runs inside the node's container, whose files the harness cannot see.
   */
  command(node: NodeInfo, cluster: readonly NodeInfo[], options: Options, runDir: string, runtime: string): NodeCommand;
  /**
   * What a node needs inside a container. Without it the target cannot run on `--runtime docker`
   * and is refused there before anything starts.
   */
  container?(options: Options): ContainerNeeds;
}

export interface Target<Options = Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  /** Validates target options from flags or the config file, naming any bad field. */
  readonly optionsSchema: z.ZodType<Options>;
  readonly flags?: Readonly<Record<string, TargetFlag>>;
  readonly workloads: readonly string[];
  readonly defaultWorkload: string;
  /** Checkers of the target's own, which its workloads (and a config's `checkers`) may name. */
  readonly checkers?: readonly Checker[];
  /** Present when `faultline audit <name>` can audit this target's configuration. */
  readonly audit?: TargetAudit;
  /** Fault kinds used when the user names none. */
  readonly defaultNemesis?: readonly string[];
  /** Present when the target's nodes run on a NodeRuntime. */
  readonly cluster?: ClusterSpec<Options>;
  workload(name: string, options: Options, context: WorkloadOptions): Workload;
  /** After the nodes started: wait until the system is ready, create schemas. */
  setup?(ctx: TargetContext<Options>): Promise<void>;
  /** Before the nodes stop: drop what setup created. Failures are logged, never fatal. */
  teardown?(ctx: TargetContext<Options>): Promise<void>;
  /**
   * A client for one logical process; the harness opens a new one after an `info`. `worker` is
   * the worker running it (0 … concurrency-1), the same for every process that worker runs: bind
   * the client to a node by worker (`nodeForWorker`), as Jepsen binds each worker to one node for
   * the whole run, so a renumbered process keeps talking to the same node.
   */
  openClient(ctx: TargetContext<Options>, process: number, worker: number): Promise<Client>;
}

/** Targets that can say which node currently leads (for "isolate the primary" faults). */
export interface HasPrimary<Options = Record<string, unknown>> {
  primary(ctx: TargetContext<Options>): Promise<string | undefined>;
}

export function hasPrimary<O>(target: Target<O>): target is Target<O> & HasPrimary<O> {
  return typeof (target as Partial<HasPrimary<O>>).primary === 'function';
}

/**
 * Targets that leave something behind a killed run that the runtime cannot know of (PostgreSQL's
 * shared memory segment): `faultline heal` calls this for the run folders of dead runs it cleaned.
 * Returns what it removed, in words; throws only when it could not look.
 */
export interface HasLeftovers {
  healLeftovers(runDir: string): Promise<string[]>;
}

export function hasLeftovers<O>(target: Target<O>): target is Target<O> & HasLeftovers {
  return typeof (target as Partial<HasLeftovers>).healLeftovers === 'function';
}

/** A fault kind a target brings, built when a run names it in `--nemesis`. */
export type FaultKindFactory = (env: FaultEnvironment) => FaultKind;

/**
 * Targets with faults only they know how to aim (redis-lock: "pause whoever holds the lock").
 * `--nemesis` accepts these names next to the built-in kinds.
 */
export interface HasFaultKinds {
  readonly faultKinds: Readonly<Record<string, FaultKindFactory>>;
}

export function hasFaultKinds<O>(target: Target<O>): target is Target<O> & HasFaultKinds {
  const kinds = (target as Partial<HasFaultKinds>).faultKinds;
  return typeof kinds === 'object' && kinds !== null;
}

/** The node names a run with these options lays out: the target's own, or n1…nN. */
export function clusterNodeNames<O>(target: Target<O>, options: O, sizing: ClusterSizing): readonly string[] {
  const cluster = target.cluster;
  if (!cluster || !runsNodes(target, options)) return [];
  const named = cluster.names?.(options, sizing);
  if (named) return named;
  const count = sizing.nodes ?? cluster.defaultNodes;
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

/** Whether a run with these options starts nodes on a runtime. */
export function runsNodes<O>(target: Target<O>, options: O): boolean {
  return target.cluster !== undefined && (target.cluster.enabled?.(options) ?? true);
}

/** The node a worker talks to for the whole run: workers spread round-robin over the nodes, as in Jepsen. */
export function nodeForWorker(nodes: readonly NodeInfo[], worker: number): NodeInfo {
  if (nodes.length === 0) throw new Error('this target has no nodes');
  return nodes[worker % nodes.length];
}

/**
 * @deprecated A process renumbered after an `info` (old id + concurrency) lands on another node
 * unless the concurrency is a multiple of the node count; use `nodeForWorker` with the worker
 * `openClient` receives.
 */
export function nodeForProcess(nodes: readonly NodeInfo[], process: number): NodeInfo {
  return nodeForWorker(nodes, process);
}

/** Applies nemesis operations; whatever it returns is recorded as an `info` event. */
export interface NemesisExecutor {
  invoke(op: Invocation, signal: AbortSignal): Promise<Completion>;
}

// ---- Fault kinds: what a nemesis can do to a target's nodes. They live with the Target because
// each names the other (a target may bring its own kinds; a kind acts on a target's nodes).

/**
 * One fault operation, or a script of several performed back to back, each once the one before
 * has completed (a scenario such as "isolate the leader, then crash whoever elects the next").
 * Every step is an operation of its own in the history.
 */
export type FaultSteps = OpTemplate | readonly OpTemplate[];

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
