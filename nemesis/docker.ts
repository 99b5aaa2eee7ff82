import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { ConfigError, FaultlineError } from '../harness/errors.js';
import { packageRoot } from '../harness/package-root.js';
import { writeClockOffset } from './clock/offset-file.js';
import { containerSpec } from './docker/container-spec.js';
import { connectToDaemon, engineMessage, engineStatus } from './docker/daemon.js';
import { removeRunNow } from './docker/emergency-removal.js';
import { ensureNodeImage } from './docker/image/build.js';
import { runLabels } from './docker/labels.js';
import { applyNodeDrops, removeNodeDrops } from './docker/netns-firewall.js';
import { createRunNetwork, type RunNetwork } from './docker/network.js';
import { NodeContainer, type DockerNodeExit } from './docker/node-container.js';
import { resolveDockerOptions, type DockerRuntimeOptions, type ResolvedDockerOptions } from './docker/options.js';
import { removeRun } from './docker/remove-run.js';
import { validateGrudge } from './grudge.js';
import { guardUntilStopped } from './local/exit-guard.js';
import { checkNodeCommand } from './local/options.js';
import { identify, type ProcessIdentity } from './local/proc.js';
import { giveTo, lookUpUser } from './local/run-as-user.js';
import type { ClockSkewable, Grudge, NodeInfo, NodeRuntime, Partitionable, Pausable } from './runtime.js';

/**
 * Each node a container on a bridge network of the run's own, with the same faults as the local
 * runtime: docker kill and start of the same container, docker pause, DROP rules inside each
 * container's network namespace, and the wall clock shifted through the same preloaded library
 * and offset file. Everything it creates is labelled with the run and the harness process, so an
 * emergency stop, stopAll and `faultline heal` find all of it. Build one with `DockerRuntime.create`.
 */
export class DockerRuntime implements NodeRuntime, Pausable, Partitionable, ClockSkewable {
  readonly kind = 'docker';
  readonly nodes: readonly NodeInfo[];
  private readonly containers = new Map<string, NodeContainer>();
  private readonly clockFiles = new Map<string, string>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly unguard: () => void;
  /** Who drops whose packets, by address: victim name → source hosts. */
  private grudge = new Map<string, string[]>();
  private stopping: Promise<void> | undefined;

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
    for (const info of nodes) {
      this.containers.set(info.name, new NodeContainer(info, docker, options.killTimeoutMs));
      if (options.clockSkew) {
        const file = join(info.dataDir, '..', 'clock', 'offset');
        this.clockFiles.set(info.name, file);
        writeClockOffset(file, 0);
      }
    }
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
    const labels = runLabels(id, owner as ProcessIdentity, runDir);
    const network = await createRunNetwork(docker, `faultline-${id}`, labels);
    try {
      const nodes = resolved.names.map((name, i): NodeInfo => {
        const info = Object.freeze({
          name,
          host: network.address(i),
          port: resolved.port,
          dataDir: join(runDir, 'nodes', name, 'data'),
          logFile: join(runDir, 'nodes', `${name}.log`),
        });
        mkdirSync(info.dataDir, { recursive: true });
        return info;
      });
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
    if (command.user !== undefined) {
      const account = await lookUpUser(info.name, command.user);
      await giveTo(account, [join(info.dataDir, '..'), info.dataDir]);
    }
    const clockFile = this.clockFiles.get(info.name);
    const spec = containerSpec({
      runId: this.id,
      info,
      command,
      image: this.image,
      network: this.network,
      labels: this.labels,
      packageRoot: packageRoot(),
      clockFile,
      clockDir: clockFile && join(clockFile, '..'),
    });
    await container.start(spec);
    if (this.stopping) return;
    // A restarted container has a fresh network namespace: a partition in force must follow it.
    await this.applyGrudgeTo(container);
  }

  async kill(name: string): Promise<void> {
    await this.containerOf(name).kill();
  }

  isRunning(name: string): boolean {
    return this.containerOf(name).running;
  }

  /** The host pid of the node container's init (its network namespace is the node's). */
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
    const next = new Map<string, string[]>();
    for (const [victim, ignored] of Object.entries(grudge)) {
      if (ignored.length > 0) next.set(victim, ignored.map((source) => this.node(source).host));
    }
    this.grudge = next;
    await Promise.all([...this.containers.values()].map((c) => this.applyGrudgeTo(c)));
    for (const [victim, ignored] of Object.entries(grudge)) {
      if (ignored.length > 0) this.containerOf(victim).log.marker(`partition: drops packets from ${ignored.join(', ')}`);
    }
  }

  /** Removes every partition rule from every node's network namespace. */
  async heal(): Promise<void> {
    const hadRules = this.grudge.size > 0 || [...this.containers.values()].some((c) => c.firewallHooked);
    this.grudge = new Map();
    await Promise.all([...this.containers.values()].map((c) => this.applyGrudgeTo(c)));
    if (!hadRules) return;
    for (const container of this.containers.values()) container.log.marker('heal: network partition removed');
  }

  private async applyGrudgeTo(container: NodeContainer): Promise<void> {
    const sources = this.grudge.get(container.info.name) ?? [];
    const pid = container.pid;
    if (pid === undefined || (sources.length === 0 && !container.firewallHooked)) return;
    try {
      if (sources.length > 0) {
        await applyNodeDrops(pid, this.network.gateway, sources, container.firewallHooked);
        container.firewallHooked = true;
      } else {
        await removeNodeDrops(pid);
        container.firewallHooked = false;
      }
    } catch (err) {
      // A node that stopped meanwhile took its namespace, and its rules, with it.
      if (container.pid === pid) throw err;
    }
  }

  async setClockOffset(name: string, ms: number): Promise<void> {
    const file = this.clockFileOf(name);
    if (this.stopping) throw this.stoppedError(`skew the clock of ${name}`);
    writeClockOffset(file, ms);
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
    this.grudge = new Map();
    this.resetClocks();
    this.unguard();
    if (failures.length > 0) {
      const cause = failures.length === 1 ? failures[0] : new AggregateError(failures);
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: stopping runtime ${this.id} left a problem: ${engineMessage(failures[0])}`, { cause });
    }
  }

  /** Called by the exit guard on a signal or at process exit: the same work, synchronously. */
  emergencyStop(reason: string): void {
    this.stopping ??= Promise.resolve();
    for (const container of this.containers.values()) container.abandon(reason);
    removeRunNow(this.id);
    this.resetClocks();
  }

  private resetClocks(): void {
    for (const file of this.clockFiles.values()) {
      try {
        writeClockOffset(file, 0);
        rmSync(join(file, '..'), { recursive: true, force: true });
      } catch {
        // The run folder may be gone already; nothing reads the file any more.
      }
    }
  }

  private containerOf(name: string): NodeContainer {
    const container = this.containers.get(name);
    if (container) return container;
    throw new ConfigError('node', `no node named ${JSON.stringify(name)} in this runtime (nodes: ${this.options.names.join(', ')})`);
  }

  private clockFileOf(name: string): string {
    this.containerOf(name);
    const file = this.clockFiles.get(name);
    if (file) return file;
    throw new FaultlineError('UNSUPPORTED', `nemesis/docker: runtime ${this.id} was built with clockSkew: false`);
  }

  private stoppedError(action: string): FaultlineError {
    return new FaultlineError('BAD_ARGUMENT', `nemesis/docker: cannot ${action}: runtime ${this.id} was stopped (stopAll)`);
  }
}

async function requireImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch (err) {
    if (engineStatus(err) === 404) {
      throw new ConfigError('image', `${JSON.stringify(image)} is not in the Docker daemon's images (build it first, or leave image unset to use the built-in node image)`);
    }
    throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot inspect the image ${image}: ${engineMessage(err)}`, { cause: err });
  }
}

export { healDockerLeftovers } from './docker/heal-leftovers.js';
export type { DockerHealOptions, DockerHealReport } from './docker/heal-leftovers.js';
export type { DockerNodeExit, DockerRuntimeOptions };
