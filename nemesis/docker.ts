import type Docker from 'dockerode';
import { ConfigError, FaultlineError } from '../core/errors.js';
import type { NodeClocks } from './docker/clocks.js';
import { containerName, containerSpec } from './docker/container-spec.js';
import { engineMessage } from './docker/daemon.js';
import { removeRunNow } from './docker/emergency-removal.js';
import type { Engine } from './docker/engine.js';
import { DockerFaultChecks } from './docker/fault-checks.js';
import { volumeName, type NodeHolder } from './docker/holder/holder.js';
import { IMAGE_CLOCK_LIBRARY } from './docker/image/plan.js';
import type { RunNetwork } from './docker/network.js';
import { NodeContainer, type DockerNodeExit } from './docker/node-container.js';
import { prepareNodeFolder } from './docker/node-folder.js';
import { DockerPacketDelays } from './docker/packet-delays.js';
import { PartitionState } from './docker/partitions.js';
import { resolveDockerOptions, type DockerRuntimeOptions, type ResolvedDockerOptions } from './docker/options.js';
import { removeRun } from './docker/remove-run.js';
import { setUpRun } from './docker/run-setup.js';
import { validateGrudge } from './grudge.js';
import { guardUntilStopped } from './local/exit-guard.js';
import { checkNodeCommand } from './local/options.js';
import { lossesFor } from './netns/network-faults.js';
import type {
  ClockSkewable,
  ExitWatching,
  FaultCheck,
  FaultVerifying,
  Grudge,
  LinkExpectation,
  NetworkInForce,
  NodeExit,
  NodeInfo,
  NodeRuntime,
  PacketBehaviour,
  PacketShapeable,
  Partitionable,
  Pausable,
  RuntimePlacement,
} from '../core/runtime.js';

/**
 * Each node a pair of containers on a bridge network of the run's own: a holder that owns the
 * node's network namespace and folder (a volume), and the node's own container that joins them.
 * Faults are those of the local runtime: docker kill and start of the same container, docker
 * pause, the shared in-namespace rules for partitions and packet loss (../netns/firewall.ts) in
 * each node's namespace, the wall clock shifted through the preloaded library's offset file; each
 * is checked from outside (docker/fault-checks.ts). Everything goes through the engine's API (the
 * holder takes `docker exec` for rules, files and knocks even while its node is paused), so the
 * engine may be on this machine or on another one (DOCKER_HOST=tcp://… or ssh://…), whose
 * containers the harness then reaches through ports the engine publishes. Everything is labelled
 * with the run and the harness process, so an emergency stop, stopAll and `faultline heal` find
 * all of it.
 */
export class DockerRuntime implements NodeRuntime, Pausable, Partitionable, ClockSkewable, PacketShapeable, FaultVerifying, ExitWatching {
  readonly kind = 'docker';
  readonly nodes: readonly NodeInfo[];
  /** The harness's address on the run's network (where nodes reach it); undefined on an engine elsewhere. */
  readonly harnessHost: string | undefined;
  private readonly containers = new Map<string, NodeContainer>();
  private readonly clocks: NodeClocks | undefined;
  private readonly starting = new Map<string, Promise<void>>();
  private readonly exitListeners = new Set<(node: string, exit: NodeExit) => void>();
  /** Nodes whose folder was made ready in their volume (copied in, handed to their user). */
  private readonly prepared = new Map<string, string>();
  private readonly unguard: () => void;
  private readonly partitions: PartitionState;
  private readonly delays: DockerPacketDelays;
  private readonly checks: DockerFaultChecks;
  private stopping: Promise<void> | undefined;
  /** Everything this runtime created is gone (stopAll finished cleanly, or an emergency stop ran). */
  private removed = false;

  private constructor(
    /** `<harness pid>-<hex>`: in every label, container, volume and network name of this runtime. */
    readonly id: string,
    /** The image the nodes run. */
    readonly image: string,
    /** The image of the nodes' holders. */
    readonly holderImage: string,
    /** The run's network: its gateway is the engine host's address on it. */
    readonly network: RunNetwork,
    /** Where the engine is. */
    readonly engine: Engine,
    /** How the harness reaches the nodes. */
    readonly access: 'direct' | 'published',
    private readonly docker: Docker,
    private readonly options: ResolvedDockerOptions,
    private readonly labels: Record<string, string>,
    nodes: NodeInfo[],
    private readonly holders: ReadonlyMap<string, NodeHolder>,
    clocks: NodeClocks | undefined,
  ) {
    this.nodes = Object.freeze(nodes);
    this.harnessHost = access === 'direct' ? network.gateway : undefined;
    this.partitions = new PartitionState(network.gateway);
    this.delays = new DockerPacketDelays(holders);
    this.checks = new DockerFaultChecks({
      nodes: this.nodes,
      names: options.names,
      access,
      builtHere: options.image === undefined,
      clocks,
      node: (name) => this.node(name),
      holderOf: (name) => this.holderOf(name),
      containerOf: (name) => this.containerOf(name),
      command: (name) => checkNodeCommand(name, options.command(this.node(name), this.nodes)),
    });
    for (const info of nodes) this.containers.set(info.name, new NodeContainer(info, docker, options.killTimeoutMs, (exit) => this.tellExit(info.name, exit)));
    this.clocks = clocks;
    this.unguard = guardUntilStopped(this, { signals: options.handleSignals });
  }

  /**
   * Connects to the engine, builds or reuses the images, creates the run's network and each
   * node's volume and holder, and checks that every node's address is one the harness may dial
   * (run-setup.ts). No node's own container exists yet.
   */
  static async create(options: DockerRuntimeOptions): Promise<DockerRuntime> {
    const resolved = resolveDockerOptions(options);
    const run = await setUpRun(resolved, options.docker);
    return new DockerRuntime(
      run.id,
      run.image,
      run.holderImage,
      run.network,
      run.engine,
      run.access,
      run.docker,
      resolved,
      run.labels,
      run.nodes,
      run.holders,
      run.clocks,
    );
  }

  node(name: string): NodeInfo {
    return this.containerOf(name).info;
  }

  /** Starts the node's container unless it runs or is starting; resolves once its process exists. */
  async start(name: string): Promise<void> {
    const container = this.containerOf(name);
    if (this.stopping) throw this.stoppedError(`start ${name}`);
    let starting = this.starting.get(name);
    if (!starting) {
      starting = this.launch(container).finally(() => this.starting.delete(name));
      this.starting.set(name, starting);
    }
    return starting;
  }

  private async launch(container: NodeContainer): Promise<void> {
    if (container.running) return;
    const { info } = container;
    const command = checkNodeCommand(info.name, this.options.command(info, this.nodes));
    this.checks.judgeClockReach(info.name, command);
    const holder = this.holderOf(info.name);
    const user = command.user ?? 'root';
    if (this.prepared.get(info.name) !== user) {
      await prepareNodeFolder(holder, info, command.user, this.options.needs, this.options.image !== undefined);
      this.prepared.set(info.name, user);
    }
    const spec = containerSpec({
      runId: this.id,
      info,
      command,
      image: this.image,
      holderId: holder.id,
      volume: volumeName(this.id, info.name),
      labels: this.labels,
      clockFile: this.clocks?.fileOf(info),
      clockLibrary: IMAGE_CLOCK_LIBRARY,
    });
    await container.start(spec);
  }

  async kill(name: string): Promise<void> {
    await this.containerOf(name).kill();
  }

  isRunning(name: string): boolean {
    return this.containerOf(name).running;
  }

  /**
   * The host pid of the node's process, pid 1 in its container. Its network namespace is the
   * node's; meaningful only for an engine on this machine.
   */
  pid(name: string): number | undefined {
    return this.containerOf(name).pid;
  }

  /** The node's container id once it was created. */
  containerId(name: string): string | undefined {
    return this.containerOf(name).id;
  }

  /** How the node's container last stopped, if it ever did; `expected: false` means on its own. */
  lastExit(name: string): DockerNodeExit | undefined {
    return this.containerOf(name).lastExit;
  }

  onNodeExit(listener: (node: string, exit: NodeExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  private tellExit(node: string, exit: NodeExit): void {
    for (const listener of this.exitListeners) {
      try {
        listener(node, exit);
      } catch {
        // A listener's failure must not disturb the runtime's own bookkeeping.
      }
    }
  }

  /** The iptables rules of the node's network namespace, as `iptables -S` prints them (asked through its holder). */
  async rules(name: string): Promise<string[]> {
    return this.holderOf(name).rules();
  }

  /** The clock offset in force for the node, in ms (0 when none was set). */
  clockOffset(name: string): number {
    return this.clocksOf(name).offsetOf(name);
  }

  async pause(name: string): Promise<void> {
    await this.containerOf(name).pause();
  }

  async resume(name: string): Promise<void> {
    await this.containerOf(name).resume();
  }

  /** Replaces any current partition with this grudge (grudge[a]: nodes whose packets a drops). */
  async partition(grudge: Grudge): Promise<void> {
    if (this.stopping) throw this.stoppedError('partition');
    validateGrudge(grudge, this.options.names);
    this.partitions.set(new Map(Object.entries(grudge).map(([victim, ignored]) => [victim, ignored.map((source) => this.node(source).host)])));
    await this.partitions.applyToAll(this.holders.values());
    for (const [victim, ignored] of Object.entries(grudge)) {
      if (ignored.length > 0) this.containerOf(victim).log.marker(`partition: drops packets from ${ignored.join(', ')}`);
    }
  }

  /** Removes the partition from every node's network namespace (packet faults stay). */
  async heal(): Promise<void> {
    const hadPartition = this.partitions.active;
    this.partitions.clear();
    await this.partitions.applyToAll(this.holders.values());
    if (!hadPartition) return;
    for (const container of this.containers.values()) container.log.marker('heal: network partition removed');
  }

  /** Replaces the packet faults: packets between each named node and the others are lost with its probability (and delayed, with netem). */
  async shapePackets(behaviours: Readonly<Record<string, PacketBehaviour>>): Promise<void> {
    if (this.stopping) throw this.stoppedError('disturb packets');
    for (const behaviour of Object.values(behaviours)) {
      const problem = await this.packetProblem(behaviour);
      if (problem) throw new FaultlineError('UNSUPPORTED', `nemesis/docker: ${problem}`);
    }
    const probabilities = new Map(Object.entries(behaviours).flatMap(([node, b]) => (b.loss === undefined ? [] : [[node, b.loss] as const])));
    this.partitions.faults.setLoss(lossesFor(probabilities, this.options.names, (n) => this.node(n).host));
    await this.partitions.applyToAll(this.holders.values());
    await this.delays.removeAll();
    for (const [sender, behaviour] of Object.entries(behaviours)) {
      if (behaviour.delayMs === undefined) continue;
      const peers = this.nodes.filter((n) => n.name !== sender).map((n) => n.host);
      await this.delays.apply(sender, peers, behaviour.delayMs);
    }
    for (const [node, b] of Object.entries(behaviours)) {
      const how = [b.loss !== undefined ? `lost with probability ${b.loss}` : '', b.delayMs !== undefined ? `delayed by ${b.delayMs} ms` : '']
        .filter(Boolean)
        .join(' and ');
      this.containerOf(node).log.marker(`packets to and from the other nodes ${how}`);
    }
  }

  async unshapePackets(): Promise<void> {
    const had = this.partitions.faults.lossy || this.delays.any;
    this.partitions.faults.clearLoss();
    await this.partitions.applyToAll(this.holders.values());
    await this.delays.removeAll();
    if (had) for (const container of this.containers.values()) container.log.marker('packet faults removed');
  }

  async packetProblem(behaviour: PacketBehaviour): Promise<string | undefined> {
    if (behaviour.loss !== undefined && !(behaviour.loss > 0 && behaviour.loss <= 1)) return `a loss rate must be in (0, 1], got ${behaviour.loss}`;
    return behaviour.delayMs === undefined ? undefined : this.delays.problem();
  }

  // Checks, from outside, that faults took effect (FaultVerifying; docker/fault-checks.ts).

  verifyLinks(links: readonly LinkExpectation[], fault: 'partition' | 'packet', undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]> {
    return this.checks.verifyLinks(links, fault, undo, inForce);
  }

  verifyLoss(nodes: readonly string[], probability: number, undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]> {
    return this.checks.verifyLoss(nodes, probability, undo, inForce);
  }

  verifyPaused(node: string, paused: boolean): Promise<FaultCheck> {
    return this.checks.verifyPaused(node, paused);
  }

  verifyRunning(node: string, running: boolean): Promise<FaultCheck> {
    return this.checks.verifyRunning(node, running);
  }

  clockSkewBlocker(node: string): string | undefined {
    return this.checks.clockSkewBlocker(node);
  }

  clockMark(node: string): Promise<number> {
    return this.checks.clockMark(node);
  }

  verifyClock(node: string, ms: number, mark: number, undo: boolean): Promise<FaultCheck> {
    return this.checks.verifyClock(node, ms, mark, undo);
  }

  async setClockOffset(name: string, ms: number): Promise<void> {
    const clocks = this.clocksOf(name);
    if (this.stopping) throw this.stoppedError(`skew the clock of ${name}`);
    await clocks.set(this.node(name), ms);
    this.containerOf(name).log.marker(`clock offset ${ms >= 0 ? '+' : ''}${ms} ms`);
  }

  async resetClock(name: string): Promise<void> {
    await this.setClockOffset(name, 0);
  }

  placement(): RuntimePlacement {
    return {
      runtime: this.kind,
      engine: this.engine.address,
      access: this.access,
      nodes: this.nodes.map((n) => ({
        node: n.name,
        address: `${n.host}:${n.port}`,
        ...(n.dial ? { dial: `${n.dial.host}:${n.dial.port}` } : {}),
        ...(n.ports ? { ports: Object.fromEntries(Object.entries(n.ports).map(([name, port]) => [name, `${n.host}:${port}`])) } : {}),
        image: this.image,
        container: containerName(this.id, n.name),
      })),
    };
  }

  /** Removes every container, volume and the network. Later calls wait for the first. */
  stopAll(): Promise<void> {
    this.stopping ??= this.stopEverything();
    return this.stopping;
  }

  private async stopEverything(): Promise<void> {
    const failures: unknown[] = [];
    // A start under way finishes first, so that its container is removed rather than leaked.
    await Promise.allSettled(this.starting.values());
    await Promise.all(
      [...this.containers.values()].map(async (container) => {
        try {
          if (container.running) container.log.marker('stopAll: removing the container');
          await container.remove();
        } catch (err) {
          failures.push(err);
        }
        container.log.close();
      }),
    );
    try {
      // The holders, the volumes, the network, and anything labelled with this run the loop above did not know of.
      const removal = await removeRun(this.docker, this.id);
      failures.push(...removal.problems.map((p) => new Error(p)));
    } catch (err) {
      failures.push(err);
    }
    this.partitions.clear();
    this.partitions.faults.clearLoss();
    this.delays.forget();
    this.unguard();
    this.removed = failures.length === 0;
    if (failures.length > 0) {
      const cause = failures.length === 1 ? failures[0] : new AggregateError(failures);
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: stopping runtime ${this.id} left a problem: ${engineMessage(failures[0])}`, { cause });
    }
  }

  /**
   * Called by the exit guard (or a harness's own exit hook) on a signal or at process exit: the
   * same work, synchronously. Once everything is gone, later calls do nothing.
   */
  emergencyStop(reason: string): void {
    if (this.removed) return;
    this.removed = true;
    this.stopping ??= Promise.resolve();
    for (const container of this.containers.values()) container.abandon(reason);
    removeRunNow(this.id);
  }

  private containerOf(name: string): NodeContainer {
    const container = this.containers.get(name);
    if (container) return container;
    throw new ConfigError('node', `no node named ${JSON.stringify(name)} in this runtime (nodes: ${this.options.names.join(', ')})`);
  }

  private holderOf(name: string): NodeHolder {
    this.containerOf(name);
    return this.holders.get(name)!;
  }

  private clocksOf(name: string): NodeClocks {
    this.containerOf(name);
    if (this.clocks) return this.clocks;
    throw new FaultlineError('UNSUPPORTED', `nemesis/docker: runtime ${this.id} was built with clockSkew: false`);
  }

  private stoppedError(action: string): FaultlineError {
    return new FaultlineError('BAD_ARGUMENT', `nemesis/docker: cannot ${action}: runtime ${this.id} was stopped (stopAll)`);
  }
}

export { healDockerLeftovers } from './docker/heal-leftovers.js';
export type { DockerHealOptions, DockerHealReport } from './docker/heal-leftovers.js';
export type { DockerNodeExit, DockerRuntimeOptions };
