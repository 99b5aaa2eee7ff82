import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, FaultlineError } from '../harness/errors.js';
import { buildClockLibrary } from './clock/build.js';
import { clockPreloadEnv, writeClockOffset } from './clock/offset-file.js';
import { validateGrudge } from './grudge.js';
import { acquireAddressBlock, releaseAddressBlock, type BlockLease } from './local/address-block.js';
import { guardUntilStopped } from './local/exit-guard.js';
import { applyDropRules, chainName, removeChain, removeChainSync, type DropRule } from './local/iptables.js';
import { appendMarker } from './local/node-log.js';
import { NodeProcess, type NodeExit } from './local/node-process.js';
import { checkNodeCommand, resolveOptions, type LocalRuntimeOptions, type ResolvedOptions } from './local/options.js';
import { layOutNodes } from './local/layout.js';
import { assertPortFree } from './local/ports.js';
import { identify } from './local/proc.js';
import { removeRecord, saveRecord, stateDir, type RuntimeRecord } from './local/registry.js';
import { asUser, giveTo, lookUpUser } from './local/run-as-user.js';
import type { ClockSkewable, Grudge, NodeInfo, NodeRuntime, Partitionable, Pausable } from './runtime.js';

/**
 * The embedded runtime: each node a local process on its own loopback address, with real
 * faults — SIGKILL and SIGSTOP of its process group, iptables DROP rules between node addresses,
 * and a wall clock shifted through a preloaded library. Nodes must bind their listening socket
 * to their own host:port AND their outgoing peer connections to their own address (e.g.
 * `localAddress` in net.connect); otherwise the kernel sends peer traffic from 127.0.0.1, which
 * partitions never cut because it is the harness's address.
 */
export class LocalRuntime implements NodeRuntime, Pausable, Partitionable, ClockSkewable {
  readonly kind = 'local';
  /** `<pid>-<hex>`: names this runtime's iptables chain, registry record and clock folder. */
  readonly id: string;
  /** The iptables chain holding this runtime's partition rules. */
  readonly chain: string;
  readonly nodes: readonly NodeInfo[];
  private readonly options: ResolvedOptions;
  private readonly processes = new Map<string, NodeProcess>();
  private readonly clockFiles = new Map<string, string>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly lease: BlockLease;
  private readonly record: RuntimeRecord;
  private readonly unguard: () => void;
  private hooked = false;
  private released = false;
  private stopping: Promise<void> | undefined;

  constructor(options: LocalRuntimeOptions) {
    this.options = resolveOptions(options);
    const runDir = resolve(this.options.runDir);
    const owner = identify(process.pid);
    if (!owner) throw new FaultlineError('UNSUPPORTED', 'nemesis/local: /proc is not readable; this runtime needs Linux');
    this.id = `${process.pid}-${randomBytes(3).toString('hex')}`;
    this.chain = chainName(this.id);
    this.lease = acquireAddressBlock(owner, this.id);
    try {
      this.nodes = Object.freeze(layOutNodes(this.options.names, this.lease.block, runDir, this.options.basePort));
      const clockDir = join(stateDir(), 'clock', this.id);
      for (const info of this.nodes) {
        this.processes.set(info.name, new NodeProcess(info, this.options.killTimeoutMs));
        this.clockFiles.set(info.name, join(clockDir, `${info.name}.offset`));
        if (this.options.clockSkew) writeClockOffset(this.clockFileOf(info.name), 0);
      }
      const nodes = Object.fromEntries(this.nodes.map((n) => [n.name, { host: n.host, port: n.port }]));
      const createdAt = new Date().toISOString();
      this.record = { version: 1, id: this.id, owner, createdAt, runDir, block: this.lease.block, chain: this.chain, clockDir, nodes };
      saveRecord(this.record);
    } catch (err) {
      rmSync(join(stateDir(), 'clock', this.id), { recursive: true, force: true });
      releaseAddressBlock(this.lease, this.id);
      throw err;
    }
    this.unguard = guardUntilStopped(this, { signals: this.options.handleSignals });
  }

  node(name: string): NodeInfo {
    return this.processOf(name).info;
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
    await assertPortFree(name, info.host, info.port);
    const env: Record<string, string> = { ...cmd.env };
    if (this.options.clockSkew) {
      const preloaded = { LD_PRELOAD: cmd.env?.LD_PRELOAD ?? process.env.LD_PRELOAD };
      Object.assign(env, clockPreloadEnv(await buildClockLibrary(), this.clockFileOf(name), preloaded));
    }
    let argv = { command: cmd.command, args: cmd.args };
    if (cmd.user !== undefined) {
      if (process.getuid?.() !== 0) {
        throw new FaultlineError('UNSUPPORTED', `nemesis/local: running ${name} as user ${cmd.user} needs root`);
      }
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

  /** The node's process id (its process group id too) while it runs. */
  pid(name: string): number | undefined {
    return this.processOf(name).pid;
  }

  /** How the node's process last ended, if it ever did; `expected: false` means on its own. */
  lastExit(name: string): NodeExit | undefined {
    return this.processOf(name).lastExit;
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
    const rules: DropRule[] = [];
    for (const [victim, ignored] of Object.entries(grudge)) {
      for (const source of ignored) rules.push({ from: this.node(source).host, to: this.node(victim).host });
    }
    await applyDropRules(this.chain, rules, this.hooked);
    this.hooked = true;
    for (const [victim, ignored] of Object.entries(grudge)) {
      if (ignored.length === 0) continue;
      appendMarker(this.node(victim).logFile, victim, `partition: drops packets from ${ignored.join(', ')}`);
    }
  }

  /** Removes every partition rule (and the chain itself) of this runtime. */
  async heal(): Promise<void> {
    if (!this.hooked) return;
    await removeChain(this.chain);
    this.hooked = false;
    for (const info of this.nodes) appendMarker(info.logFile, info.name, 'heal: network partition removed');
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

  /** Kills every node, heals, resets clocks and releases the address block. Later calls wait for the first. */
  stopAll(): Promise<void> {
    this.stopping ??= this.stopEverything();
    return this.stopping;
  }

  private async stopEverything(): Promise<void> {
    const failures: unknown[] = [];
    const settle = async (step: () => Promise<void>) => {
      try {
        await step();
      } catch (err) {
        failures.push(err);
      }
    };
    // A start already under way finishes first, so that its process is killed rather than leaked.
    await Promise.allSettled(this.starting.values());
    await Promise.all([...this.processes.values()].map((p) => settle(() => p.kill())));
    await settle(() => (this.hooked ? removeChain(this.chain) : Promise.resolve()));
    this.hooked = false;
    await settle(async () => this.releaseEverythingElse());
    this.unguard();
    if (failures.length > 0) {
      const cause = failures.length === 1 ? failures[0] : new AggregateError(failures);
      throw new FaultlineError('RUN_FAILED', `nemesis/local: stopping runtime ${this.id} left a problem: ${String(failures[0])}`, { cause });
    }
  }

  /** Called by the exit guard on a signal or at process exit: the same work, synchronously. */
  emergencyStop(reason: string): void {
    this.stopping ??= Promise.resolve();
    for (const proc of this.processes.values()) proc.killNow(reason);
    if (this.hooked) removeChainSync(this.chain);
    this.hooked = false;
    this.releaseEverythingElse();
  }

  private releaseEverythingElse(): void {
    if (this.released) return;
    this.released = true;
    if (this.options.clockSkew) {
      for (const file of this.clockFiles.values()) writeClockOffset(file, 0);
      rmSync(this.record.clockDir, { recursive: true, force: true });
    }
    removeRecord(this.record);
    releaseAddressBlock(this.lease, this.id);
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
