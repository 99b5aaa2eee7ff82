import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, FaultlineError } from '../core/errors.js';
import { buildClockLibrary } from './clock/build.js';
import { clockPreloadEnv, writeClockOffset } from './clock/offset-file.js';
import { validateGrudge } from './grudge.js';
import { acquireAddressBlock, gatewayAddress, releaseAddressBlock, subnetOf, type BlockLease } from './local/address-block.js';
import { NodeCgroup, removeCgroupTree, removeRootIfEmpty, runtimeCgroupDir } from './local/cgroups.js';
import { guardUntilStopped } from './local/exit-guard.js';
import { allowBridgeForwarding, chainName, removeChain, removeChainSync } from './local/iptables.js';
import { clockBlocker, resolveExecutable } from './local/executable.js';
import { layOutNodes } from './local/layout.js';
import { LocalNetworkFaults } from './local/network-faults.js';
import { ensurePoolBlackhole, removePoolBlackholeIfUnused } from './local/pool-route.js';
import { appendMarker } from './local/node-log.js';
import { bridgeName, createNodeNetwork, namespaceName, namespacePath, openNodeNetworkSync, removeNodeNetworkSync } from './local/node-network.js';
import { NodeProcess } from './local/node-process.js';
import { checkNodeCommand, resolveOptions, type LocalRuntimeOptions, type ResolvedOptions } from './local/options.js';
import { identify } from './local/proc.js';
import { removeRecord, saveRecord, stateDir, type RuntimeRecord } from './local/registry.js';
import { asUser, giveTo, lookUpUser } from './local/run-as-user.js';
import { createSeenFile, seenFileOf, seenMark } from './clock/seen-file.js';
import { checkClock, checkPaused, checkRunning } from './local/verify.js';
import { checkLinks, checkLoss, knockAtAddress, nsenterKnocker, type LinkContext } from './netns/verify-links.js';
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
} from '../core/runtime.js';

/**
 * The embedded runtime: each node a host of its own on this machine — a network namespace with
 * its own address on a bridge the run creates, and a cgroup holding every process it starts.
 * Faults act on what the kernel sees: SIGKILL to the whole cgroup, the cgroup freezer for
 * pauses, DROP rules inside each node's namespace for partitions (so every packet between nodes
 * is cut, whatever address or port a server dials from), and a wall clock shifted through a
 * preloaded library. The harness reaches every node through the bridge, whose address no rule
 * ever names. A target needs nothing special: listen on the node's host:port (or on 0.0.0.0) and
 * dial peers at theirs. Needs root (namespaces, cgroups, iptables).
 */
export class LocalRuntime implements NodeRuntime, Pausable, Partitionable, ClockSkewable, PacketShapeable, FaultVerifying, ExitWatching {
  readonly kind = 'local';
  /** `<pid>-<hex>`: names this runtime's namespaces, cgroup, iptables chain, record and clock folder. */
  readonly id: string;
  /** The host iptables chain that lets the run's bridge forward between its ports. */
  readonly chain: string;
  /** The run's bridge, flbr<block>. */
  readonly bridge: string;
  /** The bridge's address: where the harness's packets to the nodes come from. */
  readonly harnessHost: string;
  /** The run's subnet, 10.214.<block>.0/24. */
  readonly subnet: string;
  readonly nodes: readonly NodeInfo[];
  private readonly options: ResolvedOptions;
  private readonly processes = new Map<string, NodeProcess>();
  private readonly clockFiles = new Map<string, string>();
  /** Per node: why the clock library cannot reach its program ('' when it can), judged at start. */
  private readonly clockBlockers = new Map<string, string>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly exitListeners = new Set<(node: string, exit: NodeExit) => void>();
  private readonly network: LocalNetworkFaults;
  private readonly lease: BlockLease;
  private readonly record: RuntimeRecord;
  private readonly cgroupDir: string;
  private readonly unguard: () => void;
  private released = false;
  private stopping: Promise<void> | undefined;

  constructor(options: LocalRuntimeOptions) {
    this.options = resolveOptions(options);
    const runDir = resolve(this.options.runDir);
    if (process.getuid?.() !== 0) {
      throw new FaultlineError(
        'UNSUPPORTED',
        'nemesis/local: the local runtime gives each node a network namespace and a cgroup of its own, which needs root; run as root (or sudo)',
      );
    }
    const owner = identify(process.pid);
    if (!owner) throw new FaultlineError('UNSUPPORTED', 'nemesis/local: /proc is not readable; this runtime needs Linux');
    this.id = `${process.pid}-${randomBytes(3).toString('hex')}`;
    this.chain = chainName(this.id);
    this.lease = acquireAddressBlock(owner, this.id);
    this.bridge = bridgeName(this.lease.block);
    this.harnessHost = gatewayAddress(this.lease.block);
    this.subnet = subnetOf(this.lease.block);
    this.cgroupDir = runtimeCgroupDir(this.id);
    const clockDir = join(stateDir(), 'clock', this.id);
    try {
      this.nodes = Object.freeze(layOutNodes(this.options.names, this.lease.block, runDir, this.options.basePort, this.options.ports));
      const namespaces = this.nodes.map((n) => namespaceName(this.id, n.name));
      const nodes = Object.fromEntries(this.nodes.map((n) => [n.name, { host: n.host, port: n.port }]));
      const createdAt = new Date().toISOString();
      this.record = {
        version: 2,
        id: this.id,
        owner,
        createdAt,
        runDir,
        block: this.lease.block,
        chain: this.chain,
        clockDir,
        cgroup: this.cgroupDir,
        bridge: this.bridge,
        namespaces,
        nodes,
      };
      // Written before anything is made, so that `faultline heal` finds whatever a crash leaves.
      saveRecord(this.record);
      for (const info of this.nodes) {
        const cgroup = new NodeCgroup(join(this.cgroupDir, info.name));
        cgroup.create();
        const onExit = (exit: NodeExit) => this.tellExit(info.name, exit);
        this.processes.set(info.name, new NodeProcess(info, cgroup, namespacePath(namespaceName(this.id, info.name)), this.options.killTimeoutMs, onExit));
        this.clockFiles.set(info.name, join(clockDir, `${info.name}.offset`));
        if (this.options.clockSkew) {
          writeClockOffset(this.clockFileOf(info.name), 0);
          createSeenFile(seenFileOf(this.clockFileOf(info.name)));
        }
      }
      ensurePoolBlackhole();
      this.network = new LocalNetworkFaults({
        gateway: this.harnessHost,
        names: this.options.names,
        host: (node) => this.node(node).host,
        netns: (node) => this.netnsOf(node),
      });
      createNodeNetwork({ runtimeId: this.id, block: this.lease.block, subnet: this.subnet, gateway: this.harnessHost, nodes: this.nodes });
      allowBridgeForwarding(this.chain, this.bridge);
    } catch (err) {
      this.released = true;
      removeChainSync(this.chain);
      removeNodeNetworkSync(this.id, this.lease.block);
      removeCgroupTree(this.cgroupDir);
      rmSync(clockDir, { recursive: true, force: true });
      removeRecord({ id: this.id, runDir });
      releaseAddressBlock(this.lease, this.id);
      removePoolBlackholeIfUnused();
      removeRootIfEmpty();
      throw err;
    }
    this.unguard = guardUntilStopped(this, { signals: this.options.handleSignals });
  }

  node(name: string): NodeInfo {
    return this.processOf(name).info;
  }

  /** The node's network namespace, as nsenter --net= takes it. */
  netnsOf(name: string): string {
    return this.processOf(name).netns;
  }

  /** The node's cgroup folder. */
  cgroupOf(name: string): string {
    return this.processOf(name).cgroup.dir;
  }

  /** Starts the node unless it is already running or starting (then does nothing more). */
  async start(name: string): Promise<void> {
    const proc = this.processOf(name);
    if (this.stopping) throw this.stoppedError(`start ${name}`);
    let starting = this.starting.get(name);
    if (!starting) {
      starting = this.launch(proc).finally(() => this.starting.delete(name));
      this.starting.set(name, starting);
    }
    return starting;
  }

  private async launch(proc: NodeProcess): Promise<void> {
    if (proc.running) return;
    const { info } = proc;
    const name = info.name;
    const cmd = checkNodeCommand(name, this.options.command(info, this.nodes));
    const env: Record<string, string> = { ...cmd.env };
    if (this.options.clockSkew) {
      const preloaded = { LD_PRELOAD: cmd.env?.LD_PRELOAD ?? process.env.LD_PRELOAD };
      Object.assign(env, clockPreloadEnv(await buildClockLibrary(), this.clockFileOf(name), preloaded));
    }
    const path = cmd.env?.PATH ?? process.env.PATH;
    const program = resolveExecutable(name, cmd.command, path, cmd.cwd);
    this.clockBlockers.set(name, clockBlocker(name, program, path, cmd.cwd));
    let argv = { command: program, args: cmd.args };
    if (cmd.user !== undefined) {
      await giveTo(await lookUpUser(name, cmd.user), [join(info.dataDir, '..'), info.dataDir]);
      argv = asUser(cmd.user, cmd.command, cmd.args);
    }
    const identity = await proc.start({ ...argv, env, cwd: cmd.cwd });
    if (this.released) {
      // The process was exiting (exit guard) while this node was being spawned.
      proc.killNow('runtime stopped while the node was starting');
      return;
    }
    this.record.nodes[name].process = identity;
    saveRecord(this.record);
  }

  async kill(name: string): Promise<void> {
    await this.processOf(name).kill();
  }

  isRunning(name: string): boolean {
    return this.processOf(name).running;
  }

  /** The node's main process id while it runs. */
  pid(name: string): number | undefined {
    return this.processOf(name).pid;
  }

  /** How the node's process last ended, if it ever did; `expected: false` means on its own. */
  lastExit(name: string): NodeExit | undefined {
    return this.processOf(name).lastExit;
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

  async pause(name: string): Promise<void> {
    await this.processOf(name).pause();
  }

  async resume(name: string): Promise<void> {
    await this.processOf(name).resume();
  }

  /** Replaces any current partition with this grudge (grudge[a]: nodes whose packets a drops). */
  async partition(grudge: Grudge): Promise<void> {
    if (this.stopping) throw this.stoppedError('partition');
    validateGrudge(grudge, this.options.names);
    await this.network.partition(grudge);
    for (const [victim, ignored] of Object.entries(grudge)) {
      if (ignored.length === 0) continue;
      appendMarker(this.node(victim).logFile, victim, `partition: drops packets from ${ignored.join(', ')}`);
    }
  }

  /** Removes every partition rule from every node's namespace. */
  async heal(): Promise<void> {
    const had = this.network.partitioned;
    await this.network.heal();
    if (!had) return;
    for (const info of this.nodes) appendMarker(info.logFile, info.name, 'heal: network partition removed');
  }

  /** Replaces the packet faults: each named node's packets to the other nodes are lost (or delayed, with netem). */
  async shapePackets(behaviours: Readonly<Record<string, PacketBehaviour>>): Promise<void> {
    if (this.stopping) throw this.stoppedError('disturb packets');
    for (const node of Object.keys(behaviours)) this.processOf(node);
    await this.network.shape(behaviours);
    for (const [node, b] of Object.entries(behaviours)) {
      const how = [b.loss !== undefined ? `lost with probability ${b.loss}` : '', b.delayMs !== undefined ? `delayed by ${b.delayMs} ms` : '']
        .filter(Boolean)
        .join(' and ');
      appendMarker(this.node(node).logFile, node, `packets to and from the other nodes ${how}`);
    }
  }

  async unshapePackets(): Promise<void> {
    const had = this.network.disturbed;
    await this.network.unshape();
    if (had) for (const info of this.nodes) appendMarker(info.logFile, info.name, 'packet faults removed');
  }

  packetProblem(behaviour: PacketBehaviour): Promise<string | undefined> {
    return this.network.problem(behaviour);
  }

  // Checks, from outside, that faults took effect (FaultVerifying).

  private linkContext(): LinkContext {
    return {
      host: (node) => this.node(node).host,
      knockFrom: (node) => nsenterKnocker(this.netnsOf(node)),
      knockFromHarness: (node) => knockAtAddress(this.node(node).host),
    };
  }

  verifyLinks(links: readonly LinkExpectation[], fault: 'partition' | 'packet', undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]> {
    return checkLinks(this.linkContext(), links, fault, undo, inForce);
  }

  verifyLoss(nodes: readonly string[], probability: number, undo: boolean, inForce?: NetworkInForce): Promise<FaultCheck[]> {
    return checkLoss(this.linkContext(), nodes, this.options.names, probability, undo, inForce);
  }

  async verifyPaused(node: string, paused: boolean): Promise<FaultCheck> {
    return checkPaused(this.processOf(node), paused);
  }

  async verifyRunning(node: string, running: boolean): Promise<FaultCheck> {
    return checkRunning(this.processOf(node), running);
  }

  clockSkewBlocker(node: string): string | undefined {
    this.processOf(node);
    if (!this.options.clockSkew) return 'this runtime was built without the clock library (clockSkew: false)';
    if (!this.clockBlockers.has(node)) {
      // Not started yet: judge the program its command names now.
      try {
        const cmd = checkNodeCommand(node, this.options.command(this.node(node), this.nodes));
        this.clockBlockers.set(node, clockBlocker(node, cmd.command, cmd.env?.PATH ?? process.env.PATH, cmd.cwd));
      } catch {
        return undefined;
      }
    }
    return this.clockBlockers.get(node) || undefined;
  }

  clockMark(node: string): number {
    return seenMark(seenFileOf(this.clockFileOf(node)));
  }

  verifyClock(node: string, ms: number, mark: number, undo: boolean): Promise<FaultCheck> {
    return checkClock(this.processOf(node), seenFileOf(this.clockFileOf(node)), ms, mark, undo);
  }

  async setClockOffset(name: string, ms: number): Promise<void> {
    const file = this.clockFileOf(name);
    if (this.stopping) throw this.stoppedError(`skew the clock of ${name}`);
    writeClockOffset(file, ms);
    appendMarker(this.node(name).logFile, name, `clock offset ${ms >= 0 ? '+' : ''}${ms} ms`);
  }

  async resetClock(name: string): Promise<void> {
    await this.setClockOffset(name, 0);
  }

  /** Kills every node, removes its network and cgroups, resets clocks and releases the subnet. Later calls wait for the first. */
  stopAll(): Promise<void> {
    this.stopping ??= this.stopEverything();
    return this.stopping;
  }

  private async stopEverything(): Promise<void> {
    const failures: unknown[] = [];
    const settle = async (step: () => Promise<void> | void) => {
      try {
        await step();
      } catch (err) {
        failures.push(err);
      }
    };
    // A start already under way finishes first, so that its process is killed rather than leaked.
    await Promise.allSettled(this.starting.values());
    // Links open before the kill, so the killed processes' connections close at once (see openNodeNetworkSync).
    await settle(() => this.network.clearAll());
    await Promise.all([...this.processes.values()].map((p) => settle(() => p.kill())));
    await settle(() => removeChain(this.chain));
    await settle(() => this.removeNetworkAndCgroups());
    await settle(() => this.releaseEverythingElse());
    this.unguard();
    if (failures.length > 0) {
      const cause = failures.length === 1 ? failures[0] : new AggregateError(failures);
      throw new FaultlineError('RUN_FAILED', `nemesis/local: stopping runtime ${this.id} left a problem: ${String(failures[0])}`, { cause });
    }
  }

  /** Called by the exit guard on a signal or at process exit: the same work, synchronously. */
  emergencyStop(reason: string): void {
    this.stopping ??= Promise.resolve();
    openNodeNetworkSync(this.id);
    for (const proc of this.processes.values()) proc.killNow(reason);
    removeChainSync(this.chain);
    // The kernel kills asynchronously; a namespace still in use would outlive its name, and a
    // cgroup with processes cannot be removed, so give the kill a moment.
    const deadline = Date.now() + 2_000;
    while ([...this.processes.values()].some((p) => p.cgroup.populated()) && Date.now() < deadline)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    try {
      this.removeNetworkAndCgroups();
    } catch {
      // `faultline heal` finishes what an exit handler cannot.
    }
    this.releaseEverythingElse();
  }

  private removeNetworkAndCgroups(): void {
    this.network.forget();
    removeNodeNetworkSync(this.id, this.lease.block);
    if (!removeCgroupTree(this.cgroupDir)) {
      throw new FaultlineError('RUN_FAILED', `nemesis/local: the cgroup ${this.cgroupDir} still holds processes and was not removed`);
    }
    removeRootIfEmpty();
  }

  private releaseEverythingElse(): void {
    if (this.released) return;
    this.released = true;
    if (this.options.clockSkew) {
      for (const file of this.clockFiles.values()) writeClockOffset(file, 0);
    }
    rmSync(this.record.clockDir, { recursive: true, force: true });
    removeRecord(this.record);
    releaseAddressBlock(this.lease, this.id);
    removePoolBlackholeIfUnused();
  }

  private processOf(name: string): NodeProcess {
    const proc = this.processes.get(name);
    if (proc) return proc;
    throw new ConfigError('node', `no node named ${JSON.stringify(name)} in this runtime (nodes: ${this.options.names.join(', ')})`);
  }

  private clockFileOf(name: string): string {
    this.processOf(name);
    if (this.options.clockSkew) return this.clockFiles.get(name) as string;
    throw new FaultlineError('UNSUPPORTED', `nemesis/local: runtime ${this.id} was built with clockSkew: false`);
  }

  private stoppedError(action: string): FaultlineError {
    return new FaultlineError('BAD_ARGUMENT', `nemesis/local: cannot ${action}: runtime ${this.id} was stopped (stopAll)`);
  }
}

export { healLeftovers } from './local/heal-leftovers.js';
export type { HealOptions, HealReport } from './local/heal-leftovers.js';
export type { LocalRuntimeOptions, NodeExit };
