import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { ConfigError, FaultlineError } from '../harness/errors.js';
import { packageRoot } from '../harness/package-root.js';
import { NodeClocks } from './docker/clocks.js';
import { containerSpec } from './docker/container-spec.js';
import { connectToDaemon, engineMessage } from './docker/daemon.js';
import { removeRunNow } from './docker/emergency-removal.js';
import { ensureNodeImage, requireImage } from './docker/image/build.js';
import { runLabels } from './docker/labels.js';
import { layOutNodes } from './docker/layout.js';
import { createRunNetwork, type RunNetwork } from './docker/network.js';
import { NodeContainer, type DockerNodeExit } from './docker/node-container.js';
import { PartitionState } from './docker/partitions.js';
import { resolveDockerOptions, type DockerRuntimeOptions, type ResolvedDockerOptions } from './docker/options.js';
import { removeRun } from './docker/remove-run.js';
import { validateGrudge } from './grudge.js';
import { guardUntilStopped } from './local/exit-guard.js';
import { checkNodeCommand } from './local/options.js';
import { identify } from './local/proc.js';
import { giveTo, lookUpUser } from './local/run-as-user.js';
import { CLOCK_SEEN_TIMEOUT_MS, notSeenDetail, seenFileOf, seenMark, waitForSeen } from './clock/seen-file.js';
import { clockFileOf } from './docker/layout.js';
import { containerNetns } from './docker/netns-firewall.js';
import { checkContainerPaused, checkContainerRunning } from './docker/verify.js';
import { IMAGE_PATH } from './docker/image/plan.js';
import { clockBlocker } from './local/executable.js';
import { lossesFor } from './netns/network-faults.js';
import { applyDelay, packetDelayProblem, removeDelay } from './netns/packet-delay.js';
import { checkLinks, checkLoss, type LinkContext } from './netns/verify-links.js';
import type {
  ClockSkewable,
  FaultCheck,
  FaultVerifying,
  Grudge,
  LinkExpectation,
  NodeInfo,
  NodeRuntime,
  PacketBehaviour,
  PacketShapeable,
  Partitionable,
  Pausable,
} from './runtime.js';

/**
 * Each node a container on a bridge network of the run's own, with the same faults as the local
 * runtime: docker kill and start of the same container, docker pause, DROP rules inside each
 * container's network namespace, and the wall clock shifted through the same preloaded library
 * and offset file. Everything it creates is labelled with the run and the harness process, so an
 * emergency stop, stopAll and `faultline heal` find all of it. Build one with `DockerRuntime.create`.
 */
export class DockerRuntime implements NodeRuntime, Pausable, Partitionable, ClockSkewable, PacketShapeable, FaultVerifying {
  readonly kind = 'docker';
  readonly nodes: readonly NodeInfo[];
  private readonly containers = new Map<string, NodeContainer>();
  private readonly clocks: NodeClocks | undefined;
  private readonly starting = new Map<string, Promise<void>>();
  private readonly unguard: () => void;
  private readonly partitions: PartitionState;
  /** Per node: why the clock library cannot reach its program ('' when it can), judged at start. */
  private readonly clockBlockers = new Map<string, string>();
  /** Nodes whose interface delays packets (netem). */
  private readonly delayed = new Map<string, { peers: string[]; delayMs: number }>();
  private stopping: Promise<void> | undefined;
  /** Everything this runtime created is gone (stopAll finished cleanly, or an emergency stop ran). */
  private removed = false;

  /** The harness's address on the run's network (its gateway). */
  get harnessHost(): string {
    return this.network.gateway;
  }

  private constructor(
    /** `<harness pid>-<hex>`: in every label, container and network name of this runtime. */
    readonly id: string,
    /** The image the nodes run. */
    readonly image: string,
    /** The run's network: its gateway is the harness's address as the nodes see it. */
    readonly network: RunNetwork,
    private readonly docker: Docker,
    private readonly options: ResolvedDockerOptions,
    private readonly labels: Record<string, string>,
    nodes: NodeInfo[],
  ) {
    this.nodes = Object.freeze(nodes);
    this.partitions = new PartitionState(network.gateway);
    for (const info of nodes) {
      this.containers.set(info.name, new NodeContainer(info, docker, options.killTimeoutMs));
    }
    this.clocks = options.clockSkew ? new NodeClocks(nodes) : undefined;
    this.unguard = guardUntilStopped(this, { signals: options.handleSignals });
  }

  /**
   * Connects to the daemon (a clear error naming scripts/start-dockerd when none answers),
   * builds or reuses the node image, and creates the run's network. No container exists yet.
   */
  static async create(options: DockerRuntimeOptions): Promise<DockerRuntime> {
    const resolved = resolveDockerOptions(options);
    const runDir = resolve(resolved.runDir);
    const owner = identify(process.pid);
    if (!owner) throw new FaultlineError('UNSUPPORTED', 'nemesis/docker: /proc is not readable; this runtime needs Linux');
    const docker = await connectToDaemon(options.docker);
    const image = resolved.image ?? (await ensureNodeImage({ docker, extraPaths: resolved.imageExtraPaths, log: resolved.log })).tag;
    if (resolved.image) await requireImage(docker, resolved.image);
    const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
    const labels = runLabels(id, owner, runDir);
    const network = await createRunNetwork(docker, `faultline-${id}`, labels);
    try {
      const nodes = layOutNodes(resolved.names, network, runDir, resolved.port);
      return new DockerRuntime(id, image, network, docker, resolved, labels, nodes);
    } catch (err) {
      await removeRun(docker, id).catch(() => undefined);
      throw err;
    }
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
    this.judgeClockReach(info.name, command.command, command.env?.PATH ?? IMAGE_PATH);
    if (command.user !== undefined) {
      const account = await lookUpUser(info.name, command.user);
      await giveTo(account, [join(info.dataDir, '..'), info.dataDir]);
    }
    const clockFile = this.clocks?.fileOf(info.name);
    const spec = containerSpec({
      runId: this.id,
      info,
      command,
      image: this.image,
      network: this.network,
      labels: this.labels,
      packageRoot: packageRoot(),
      clockFile,
      clockDir: clockFile && dirname(clockFile),
    });
    await container.start(spec);
    if (this.stopping) return;
    // A restarted container has a fresh network namespace: the network faults in force must follow it.
    await this.partitions.applyTo(container);
    const delay = this.delayed.get(info.name);
    if (delay && container.pid !== undefined) await applyDelay(containerNetns(container.pid), 'eth0', delay.peers, delay.delayMs);
  }

  async kill(name: string): Promise<void> {
    await this.containerOf(name).kill();
  }

  isRunning(name: string): boolean {
    return this.containerOf(name).running;
  }

  /** The host pid of the node's process, pid 1 in its container (its network namespace is the node's). */
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
    await this.partitions.applyToAll(this.containers.values());
    for (const [victim, ignored] of Object.entries(grudge)) {
      if (ignored.length > 0) this.containerOf(victim).log.marker(`partition: drops packets from ${ignored.join(', ')}`);
    }
  }

  /** Removes every partition rule from every node's network namespace. */
  async heal(): Promise<void> {
    const hadRules = this.partitions.active || [...this.containers.values()].some((c) => c.firewallHooked);
    this.partitions.clear();
    await this.partitions.applyToAll(this.containers.values());
    if (!hadRules) return;
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
    for (const [node, loss] of probabilities) this.containerOf(node).log.marker(`packets to and from the other nodes lost with probability ${loss}`);
    this.partitions.faults.setLoss(lossesFor(probabilities, this.options.names, (n) => this.node(n).host));
    await this.partitions.applyToAll(this.containers.values());
    await this.removeDelays();
    for (const [sender, behaviour] of Object.entries(behaviours)) {
      if (behaviour.delayMs === undefined) continue;
      const peers = this.nodes.filter((n) => n.name !== sender).map((n) => n.host);
      this.delayed.set(sender, { peers, delayMs: behaviour.delayMs });
      const pid = this.containerOf(sender).pid;
      if (pid !== undefined) await applyDelay(containerNetns(pid), 'eth0', peers, behaviour.delayMs);
    }
  }

  async unshapePackets(): Promise<void> {
    this.partitions.faults.clearLoss();
    await this.partitions.applyToAll(this.containers.values());
    await this.removeDelays();
  }

  private async removeDelays(): Promise<void> {
    for (const node of [...this.delayed.keys()]) {
      const pid = this.containerOf(node).pid;
      if (pid !== undefined) await removeDelay(containerNetns(pid), 'eth0');
      this.delayed.delete(node);
    }
  }

  async packetProblem(behaviour: PacketBehaviour): Promise<string | undefined> {
    if (behaviour.loss !== undefined && !(behaviour.loss > 0 && behaviour.loss <= 1)) return `a loss rate must be in (0, 1], got ${behaviour.loss}`;
    if (behaviour.delayMs === undefined) return undefined;
    const running = [...this.containers.values()].find((c) => c.pid !== undefined);
    if (!running) return 'packet delay can only be checked for netem once a node runs';
    return packetDelayProblem(containerNetns(running.pid!));
  }

  // Checks, from outside, that faults took effect (FaultVerifying).

  private linkContext(): LinkContext {
    return {
      host: (node) => this.node(node).host,
      netns: (node) => {
        const pid = this.containerOf(node).pid;
        return pid === undefined ? { unavailable: `${node} is not running (its container has no network namespace now)` } : containerNetns(pid);
      },
    };
  }

  verifyLinks(links: readonly LinkExpectation[], fault: 'partition' | 'packet', undo: boolean): Promise<FaultCheck[]> {
    return checkLinks(this.linkContext(), links, fault, undo);
  }

  verifyLoss(nodes: readonly string[], probability: number, undo: boolean): Promise<FaultCheck[]> {
    return checkLoss(this.linkContext(), nodes, this.options.names, probability, undo);
  }

  async verifyPaused(node: string, paused: boolean): Promise<FaultCheck> {
    return checkContainerPaused(node, this.containerOf(node).pid, paused);
  }

  async verifyRunning(node: string, running: boolean): Promise<FaultCheck> {
    const container = this.containerOf(node);
    return checkContainerRunning(node, running, container.pid, container.lastPid);
  }

  clockSkewBlocker(node: string): string | undefined {
    const info = this.node(node);
    if (!this.clocks) return 'this runtime was built without the clock library (clockSkew: false)';
    if (!this.clockBlockers.has(node)) {
      try {
        const command = checkNodeCommand(node, this.options.command(info, this.nodes));
        this.judgeClockReach(node, command.command, command.env?.PATH ?? IMAGE_PATH);
      } catch {
        return undefined;
      }
    }
    return this.clockBlockers.get(node) || undefined;
  }

  clockMark(node: string): number {
    return seenMark(seenFileOf(clockFileOf(this.node(node))));
  }

  async verifyClock(node: string, ms: number, mark: number, undo: boolean): Promise<FaultCheck> {
    const container = this.containerOf(node);
    const shown = `${ms > 0 ? '+' : ''}${ms} ms`;
    const base = { fault: 'clock' as const, undo, subject: node };
    if (!container.running) return { ...base, outcome: 'unverified', detail: `${node} is not running; its program reads ${shown} from its next start` };
    if (container.paused) return { ...base, outcome: 'unverified', detail: `${node} is paused; its program reads ${shown} once resumed` };
    const pid = await waitForSeen(seenFileOf(clockFileOf(this.node(node))), ms, mark, CLOCK_SEEN_TIMEOUT_MS);
    if (pid !== undefined) return { ...base, outcome: 'verified', detail: `pid ${pid} (in its container) of ${node} read its wall clock at ${shown} through the clock library` };
    return { ...base, outcome: 'unverified', detail: notSeenDetail(node, shown) };
  }

  /** The image holds the host's own files at the same paths, so the program is judged from the host's copy. */
  private judgeClockReach(node: string, command: string, path: string): void {
    this.clockBlockers.set(node, clockBlocker(node, command, path, undefined));
  }

  async setClockOffset(name: string, ms: number): Promise<void> {
    const clocks = this.clocksOf(name);
    if (this.stopping) throw this.stoppedError(`skew the clock of ${name}`);
    clocks.set(name, ms);
    this.containerOf(name).log.marker(`clock offset ${ms >= 0 ? '+' : ''}${ms} ms`);
  }

  async resetClock(name: string): Promise<void> {
    await this.setClockOffset(name, 0);
  }

  /** Removes every container and the network, and resets clocks. Later calls wait for the first. */
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
      // Also catches anything labelled with this run that the loop above did not know of.
      const removal = await removeRun(this.docker, this.id);
      failures.push(...removal.problems.map((p) => new Error(p)));
    } catch (err) {
      failures.push(err);
    }
    this.partitions.clear();
    this.clocks?.resetAll();
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
    this.clocks?.resetAll();
  }

  private containerOf(name: string): NodeContainer {
    const container = this.containers.get(name);
    if (container) return container;
    throw new ConfigError('node', `no node named ${JSON.stringify(name)} in this runtime (nodes: ${this.options.names.join(', ')})`);
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
