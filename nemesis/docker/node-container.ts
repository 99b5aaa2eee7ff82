import type Docker from 'dockerode';
import { FaultlineError } from '../../core/errors.js';
import type { NodeExit, NodeInfo } from '../../core/runtime.js';
import { engineMessage, engineStatus } from './daemon.js';
import { NodeLog } from './node-log.js';

// One node's container across its life: created at its first start, then killed (SIGKILL) and
// started again as the same container on the same data, paused and unpaused through the cgroup
// freezer, and removed at the end. Its process ending is seen through the attach stream closing,
// which also covers a node that dies on its own. Its network and folder belong to its holder.

/** The engine's view of a node's container at one moment. */
export interface ContainerLook {
  running: boolean;
  paused: boolean;
  /** Its pid 1 as the engine's host sees it (0 when not running). */
  pid: number;
  /** created, running, paused, exited… or removed. */
  status: string;
  /** How many processes it has, when it runs. */
  processes?: number;
}

/** How a node's container last stopped: its exit code (128 + n after signal n); the engine names no signal. */
export type DockerNodeExit = NodeExit;

export class NodeContainer {
  readonly log: NodeLog;
  private container: Docker.Container | undefined;
  private createdAs: string | undefined;
  private hostPid: number | undefined;
  private frozen = false;
  private expectingExit = false;
  private exited: Promise<void> | undefined;
  private exitInfo: DockerNodeExit | undefined;

  constructor(
    readonly info: NodeInfo,
    private readonly docker: Docker,
    private readonly killTimeoutMs: number,
    /** Told each time the container stops, after its state says so. */
    private readonly onExit: (exit: NodeExit) => void = () => undefined,
  ) {
    this.log = new NodeLog(info.logFile, info.name);
  }

  get running(): boolean {
    return this.hostPid !== undefined;
  }

  get paused(): boolean {
    return this.frozen;
  }

  /** The node's process (pid 1 in the container) as the host sees it; its network namespace is the node's. */
  get pid(): number | undefined {
    return this.hostPid;
  }

  get id(): string | undefined {
    return this.container?.id;
  }

  get lastExit(): DockerNodeExit | undefined {
    return this.exitInfo;
  }

  /**
   * Starts the container, creating it first on the first start or when the command changed
   * (then the old one is replaced; the data folder is a bind mount and stays).
   */
  async start(spec: Docker.ContainerCreateOptions): Promise<void> {
    if (this.running) return;
    const key = JSON.stringify(spec);
    if (this.container && key !== this.createdAs) {
      this.log.marker('the command changed: replacing the container');
      await this.remove();
    }
    if (!this.container) {
      try {
        this.container = await this.docker.createContainer(spec);
      } catch (err) {
        throw this.failure('create the container for', err);
      }
      this.createdAs = key;
    }
    const container = this.container;
    const argv = spec.Cmd ?? [];
    this.log.marker(`start: ${argv.join(' ')}`);
    let ended: Promise<void>;
    try {
      ({ ended } = await this.log.follow(this.docker, container));
    } catch (err) {
      throw this.failure('follow the output of', err);
    }
    try {
      await container.start();
    } catch (err) {
      this.log.marker(`could not start: ${engineMessage(err)}`);
      this.log.detach();
      throw this.failure('start', err, " (the node image holds Node and faultline's code; a target declares other programs in ClusterSpec.container.paths)");
    }
    const state = (await container.inspect()).State;
    this.expectingExit = false;
    this.frozen = false;
    this.hostPid = state.Running && state.Pid > 0 ? state.Pid : undefined;
    const pid = this.hostPid;
    this.exited = ended.then(() => this.noteExit(container, pid));
    if (pid === undefined) await this.exited;
    else this.log.marker(`started container ${container.id.slice(0, 12)} (pid ${pid} on the engine's host)`);
  }

  /**
   * What the engine says of the container now (its State, through the API, on an engine
   * anywhere), and how many processes it has when it runs (`docker top`); undefined before its
   * first start.
   */
  async look(): Promise<ContainerLook | undefined> {
    const container = this.container;
    if (!container) return undefined;
    let state: Docker.ContainerInspectInfo['State'];
    try {
      state = (await container.inspect()).State;
    } catch (err) {
      if (engineStatus(err) === 404) return { running: false, paused: false, pid: 0, status: 'removed' };
      throw this.failure('inspect', err);
    }
    const look: ContainerLook = { running: state.Running, paused: state.Paused, pid: state.Pid, status: state.Status };
    if (!state.Running) return look;
    try {
      const top = (await container.top()) as { Processes?: unknown[][] };
      look.processes = top.Processes?.length;
    } catch {
      // It stopped between the two questions; the state above says what it was.
    }
    return look;
  }

  /** docker kill (SIGKILL), then waits until the container has stopped. */
  async kill(): Promise<void> {
    const container = this.container;
    if (!container || !this.running) return;
    this.expectingExit = true;
    this.log.marker(`kill container ${container.id.slice(0, 12)} (docker kill, SIGKILL)`);
    try {
      await container.kill({ signal: 'SIGKILL' });
    } catch (err) {
      // 409: it stopped on its own meanwhile; 404: removed. Either way it is not running.
      if (engineStatus(err) !== 409 && engineStatus(err) !== 404) throw this.failure('kill', err);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.killTimeoutMs);
    });
    const outcome = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: ${this.info.name} was still running ${this.killTimeoutMs} ms after docker kill`);
    }
  }

  /** docker pause: every process of the container frozen, its sockets open but silent. */
  async pause(): Promise<void> {
    const container = this.requireRunning('pause');
    if (this.frozen) return;
    try {
      await container.pause();
    } catch (err) {
      throw this.failure('pause', err);
    }
    this.frozen = true;
    this.log.marker(`pause container ${container.id.slice(0, 12)} (docker pause)`);
  }

  async resume(): Promise<void> {
    const container = this.container;
    if (!container || !this.frozen || !this.running) return;
    try {
      await container.unpause();
    } catch (err) {
      if (engineStatus(err) !== 409) throw this.failure('resume', err);
    }
    this.frozen = false;
    this.log.marker(`resume container ${container.id.slice(0, 12)} (docker unpause)`);
  }

  /** Removes the container, running or paused; a container already gone is fine. */
  async remove(): Promise<void> {
    const container = this.container;
    if (!container) return;
    this.expectingExit = true;
    try {
      await container.remove({ force: true });
    } catch (err) {
      if (engineStatus(err) !== 404) throw this.failure('remove', err);
    }
    this.log.detach();
    await this.exited;
    this.container = undefined;
    this.createdAs = undefined;
    this.hostPid = undefined;
    this.frozen = false;
  }

  /** For emergency stops: forget the container (removed elsewhere) and note why. */
  abandon(reason: string): void {
    if (this.container) this.log.marker(`container removed (${reason})`);
    this.expectingExit = true;
    this.log.close();
  }

  private async noteExit(container: Docker.Container, pid: number | undefined): Promise<void> {
    let code: number | undefined;
    try {
      code = (await container.wait()).StatusCode as number;
    } catch {
      // Removed while we asked: it is not running, which is all that matters.
    }
    if (this.hostPid !== pid) return;
    const expected = this.expectingExit;
    this.exitInfo = { code, signal: undefined, expected, at: new Date() };
    this.hostPid = undefined;
    this.frozen = false;
    if (!expected) this.log.marker(`container stopped on its own (exit code ${code ?? 'unknown'})`);
    this.onExit(this.exitInfo);
  }

  private requireRunning(action: string): Docker.Container {
    if (!this.container || !this.running) {
      throw new FaultlineError('BAD_ARGUMENT', `nemesis/docker: cannot ${action} ${this.info.name}: it is not running`);
    }
    return this.container;
  }

  private failure(action: string, err: unknown, hint = ''): FaultlineError {
    return new FaultlineError('RUN_FAILED', `nemesis/docker: cannot ${action} ${this.info.name}: ${engineMessage(err)}${hint}`, { cause: err });
  }
}
