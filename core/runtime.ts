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
  /**
   * Where the harness connects to the node, when that is not host:port: a port a remote Docker
   * engine publishes on its own address. Peers always use host:port. See `dialAddress`.
   */
  readonly dial?: Endpoint;
  /**
   * The node's further ports, by the names the target asked for (ClusterSpec.ports), each the
   * number the node listens on at `host`; absent when it asked only for `port`. Read them with
   * `nodePort` and `nodeEndpoint` (targets/support).
   */
  readonly ports?: Readonly<Record<string, number>>;
  /** Where the harness dials each named port, when not host:number (a port a remote engine publishes). */
  readonly dialPorts?: Readonly<Record<string, Endpoint>>;
}

/**
 * A further port a target asks for on every node: that number, or 'any' for one the runtime
 * chooses. See ClusterSpec.ports and `assignPorts`.
 */
export type PortRequest = number | 'any';

/** A TCP address. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Where the harness (clients, probes, admin connections) connects to a node. */
export function dialAddress(node: Pick<NodeInfo, 'host' | 'port' | 'dial'>): Endpoint {
  return node.dial ?? { host: node.host, port: node.port };
}

/**
 * What a target's nodes need inside a container (the Docker runtime), declared by the target
 * (ClusterSpec.container) or by whoever builds a DockerRuntime. Node (at the path the harness runs
 * it from) and faultline's own package with its dependencies are always in the image, so a
 * NodeCommand that runs process.execPath on one of faultline's scripts works unchanged.
 */
export interface ContainerNeeds {
  /**
   * Host files and folders the image carries at the same paths. An executable or shared library
   * brings every library `ldd` says it loads; a folder brings everything under it.
   */
  readonly paths?: readonly string[];
  /** Paths under `paths` to leave out (a file or a whole folder), e.g. an optional plugin's huge library. */
  readonly exclude?: readonly string[];
  /** Accounts a NodeCommand may run as (its `user`), copied from this machine's /etc/passwd and /etc/group. */
  readonly users?: readonly string[];
  /**
   * An image built elsewhere to run instead of one assembled from this machine's files; `paths`
   * and `users` are then not used. It must hold what the NodeCommand runs; clock faults need the
   * clock library at the path the repository's Dockerfile documents.
   */
  readonly image?: string;
  /**
   * The nodes connect back to the harness (e.g. to a resource it serves). An engine on another
   * machine cannot route to the harness, so such a target is refused there.
   */
  readonly reachesHarness?: boolean;
}

/** Where each node of a run ended up, for test.json and the report. */
export interface RuntimePlacement {
  readonly runtime: string;
  /** The Docker engine, e.g. unix:///var/run/docker.sock or tcp://10.0.0.2:2375. */
  readonly engine?: string;
  /** How the harness reaches nodes: directly at their addresses, or through published ports. */
  readonly access?: 'direct' | 'published';
  readonly nodes: readonly NodePlacement[];
}

export interface NodePlacement {
  readonly node: string;
  /** host:port, as peers see it. */
  readonly address: string;
  /** host:port the harness dials, when not `address`. */
  readonly dial?: string;
  /** The node's named ports (NodeInfo.ports), as peers see them: name → host:port. */
  readonly ports?: Readonly<Record<string, string>>;
  /** The image the node's container runs (tag). */
  readonly image?: string;
  readonly container?: string;
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
   * The harness's address as the nodes see it (the gateway of their network), for a target whose
   * nodes connect back to a server the harness runs; undefined when nodes cannot reach the harness
   * (a Docker engine on another machine). No fault ever cuts it.
   */
  readonly harnessHost?: string;
  /** Where each node runs (engine, address, image), recorded in test.json. */
  placement?(): RuntimePlacement;
  /** Starts a node that is not running; resolves once the process exists (not when it is ready). */
  start(node: string): Promise<void>;
  /** SIGKILL: no chance to flush or say goodbye. */
  kill(node: string): Promise<void>;
  isRunning(node: string): boolean;
  /** Stops every node and removes every fault; safe to call twice. */
  stopAll(): Promise<void>;
}

/** How a node's process ended. */
export interface NodeExit {
  /** Its exit code, when it exited (on Docker the container's, which is 128 + n when signal n ended it). */
  code: number | undefined;
  /** The signal that ended it, when the runtime can tell (the local runtime). */
  signal: string | undefined;
  /** False when it ended on its own rather than by kill or stopAll. */
  expected: boolean;
  at: Date;
}

/** Runtimes that say when a node's process ends, and how (both bundled runtimes). */
export interface ExitWatching {
  /** How the node's process last ended, if it ever did. */
  lastExit(node: string): NodeExit | undefined;
  /** Calls `listener` each time a node's process ends, killed or on its own; returns a function that stops it. */
  onNodeExit(listener: (node: string, exit: NodeExit) => void): () => void;
}

export function isExitWatching(runtime: NodeRuntime): runtime is NodeRuntime & ExitWatching {
  const r = runtime as Partial<ExitWatching>;
  return typeof r.lastExit === 'function' && typeof r.onNodeExit === 'function';
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

/** What a check of a fault's effect found, looked at from outside the node. */
export type FaultOutcome = 'verified' | 'unverified' | 'not-applied';

/** The fault kinds a runtime can apply and check, as recorded with each check. */
export type FaultType = 'partition' | 'packet' | 'pause' | 'kill' | 'clock';

/** One check of one fault's effect on one node or link, recorded with the nemesis operation. */
export interface FaultCheck {
  fault: FaultType;
  /** True when the check is of an undo (heal, resume, restart, reset) rather than of a fault. */
  undo: boolean;
  /** The node ("n1") or link ("n2→n1") checked. */
  subject: string;
  outcome: FaultOutcome;
  /** The evidence ("no answer from n1 within 500 ms, while the harness got one") or why not. */
  detail: string;
}

/** A link between two nodes and whether packets from `from` to `to` should now be dropped. */
export interface LinkExpectation {
  from: string;
  to: string;
  cut: boolean;
}

/**
 * The other network faults in force while one is checked: a knock cannot tell them apart from the
 * one under check (a knock needs packets both ways), so the checks allow for them.
 */
export interface NetworkInForce {
  /** Links a partition cuts now: packets from `from` are dropped at `to`. */
  readonly cuts: readonly { readonly from: string; readonly to: string }[];
  /** Nodes whose packets to and from the other nodes are lost at random now. */
  readonly lossy: readonly string[];
}

/**
 * Runtimes that check, from outside, that a fault took effect: each method looks at the kernel's
 * or the container engine's view (namespaces, cgroups, process tables, the engine's account of a
 * container, the clock library's own record) rather than at the runtime's bookkeeping.
 */
export interface FaultVerifying {
  /** From inside each `from` node's network, whether `to` answers (a cut link is silent). */
  verifyLinks(links: readonly LinkExpectation[], fault: 'partition' | 'packet', undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]>;
  /** Every process of the node frozen (paused true) or none (false). */
  verifyPaused(node: string, paused: boolean): Promise<FaultCheck>;
  /** No process of the node left (running false), or its program running again (true). */
  verifyRunning(node: string, running: boolean): Promise<FaultCheck>;
  /** Why the clock library cannot reach the node's program, or undefined when it can (or cannot tell). */
  clockSkewBlocker(node: string): string | undefined;
  /** A position in the node's clock record, taken before an offset is written (a Docker node's is read through the engine). */
  clockMark(node: string): number | Promise<number>;
  /** Whether a process of the node read its wall clock at `ms` off true time since `mark`. */
  verifyClock(node: string, ms: number, mark: number, undo: boolean): Promise<FaultCheck>;
  /** With these nodes losing packets to the others, probes from them are lost (or none, when healed). */
  verifyLoss(nodes: readonly string[], probability: number, undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]>;
}

/** How packets leaving a node towards the other nodes are disturbed (Jepsen's packet behaviours). */
export interface PacketBehaviour {
  /** Probability that each packet is lost, in (0, 1]. */
  loss?: number;
  /** Added delay in ms (needs netem). */
  delayMs?: number;
}

/** Runtimes that disturb packets between nodes (never the harness's). */
export interface PacketShapeable {
  /** Replaces any packet faults with these: node → what happens to the packets it sends to other nodes. */
  shapePackets(behaviours: Readonly<Record<string, PacketBehaviour>>): Promise<void>;
  /** Removes every packet fault. */
  unshapePackets(): Promise<void>;
  /** Why a behaviour cannot be applied on this machine (e.g. delay without netem), or undefined. */
  packetProblem(behaviour: PacketBehaviour): Promise<string | undefined>;
}

export function isFaultVerifying(runtime: NodeRuntime): runtime is NodeRuntime & FaultVerifying {
  const r = runtime as Partial<FaultVerifying>;
  return typeof r.verifyLinks === 'function' && typeof r.verifyPaused === 'function' && typeof r.verifyClock === 'function';
}

export function isPacketShapeable(runtime: NodeRuntime): runtime is NodeRuntime & PacketShapeable {
  const r = runtime as Partial<PacketShapeable>;
  return typeof r.shapePackets === 'function' && typeof r.unshapePackets === 'function';
}
