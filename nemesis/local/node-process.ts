import { once } from 'node:events';
import { execa, type Result } from 'execa';
import { FaultlineError } from '../../harness/errors.js';
import type { NodeInfo } from '../runtime.js';
import { appendMarker, closeLog, openLogForChild } from './node-log.js';
import { groupMembers, identify, signalGroup, waitUntil, type ProcessIdentity } from './proc.js';

// One node's operating-system process. It runs in a process group of its own (a new session),
// so that SIGKILL, SIGSTOP and SIGCONT reach everything it started (runuser and its child, a
// server's workers) and nothing else, and so that a Ctrl-C aimed at the harness does not reach it.

/** Exactly what is executed: no shell is involved anywhere. */
export interface Launch {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd?: string;
}

/** How a node's process ended the last time it did. */
export interface NodeExit {
  code: number | undefined;
  signal: string | undefined;
  /** False when the process ended on its own rather than by kill or stopAll. */
  expected: boolean;
  at: Date;
}

export class NodeProcess {
  private pgid: number | undefined;
  private exited: Promise<void> | undefined;
  private expectingExit = false;
  private stoppedBySignal = false;
  private exitInfo: NodeExit | undefined;

  constructor(
    readonly info: NodeInfo,
    private readonly killTimeoutMs: number,
  ) {}

  get running(): boolean {
    return this.pgid !== undefined;
  }

  get paused(): boolean {
    return this.stoppedBySignal;
  }

  get pid(): number | undefined {
    return this.pgid;
  }

  get lastExit(): NodeExit | undefined {
    return this.exitInfo;
  }

  /** Spawns the process; resolves with its identity once it exists. */
  async start(launch: Launch): Promise<ProcessIdentity> {
    if (this.running) throw new Error(`${this.info.name} is already running`);
    const fd = openLogForChild(this.info.logFile);
    // The child writes to the log file itself, so its output survives a dead harness. execa's
    // types only admit the literal descriptors 3-9 here; at run time it hands any integer to spawn.
    const logFd = fd as 3;
    try {
      appendMarker(this.info.logFile, this.info.name, `start: ${[launch.command, ...launch.args].join(' ')}`);
      const subprocess = execa(launch.command, [...launch.args], {
        cwd: launch.cwd,
        env: launch.env,
        extendEnv: true,
        detached: true,
        cleanup: false,
        stdin: 'ignore',
        stdout: logFd,
        stderr: logFd,
        reject: false,
        buffer: false,
        forceKillAfterDelay: false,
      });
      const spawned = once(subprocess, 'spawn').then(
        () => true,
        () => false,
      );
      const ok = await Promise.race([spawned, subprocess.then(() => false)]);
      if (!ok || subprocess.pid === undefined) {
        const result = await subprocess;
        appendMarker(this.info.logFile, this.info.name, `could not start: ${result.shortMessage}`);
        throw new FaultlineError('RUN_FAILED', `nemesis/local: cannot start ${this.info.name}: ${result.shortMessage}`, {
          cause: result,
        });
      }
      const pid = subprocess.pid;
      // A running node must not keep the harness alive: when the harness is done, its exit
      // handler stops the nodes (see exit-guard.ts).
      subprocess.unref();
      this.pgid = pid;
      this.expectingExit = false;
      this.stoppedBySignal = false;
      this.exited = subprocess.then((result) => this.noteExit(pid, result));
      appendMarker(this.info.logFile, this.info.name, `started pid ${pid}`);
      return identify(pid) ?? { pid, startTime: 'unknown' };
    } finally {
      closeLog(fd);
    }
  }

  /** SIGKILL of the whole group, then waits until no member of it is left. */
  async kill(): Promise<void> {
    const pgid = this.pgid;
    if (pgid === undefined) return;
    this.expectingExit = true;
    appendMarker(this.info.logFile, this.info.name, `kill pid ${pgid} (SIGKILL to its process group)`);
    signalGroup(pgid, 'SIGKILL');
    const gone = await waitUntil(() => !this.running && groupMembers(pgid).length === 0, this.killTimeoutMs, 10);
    if (!gone) {
      const left = groupMembers(pgid).map((m) => `${m.pid} (state ${m.state})`);
      throw new FaultlineError(
        'RUN_FAILED',
        `nemesis/local: ${this.info.name} still has processes ${left.join(', ') || pgid} ${this.killTimeoutMs} ms after SIGKILL`,
      );
    }
  }

  /** SIGSTOP of the group; resolves when every member is stopped. */
  async pause(): Promise<void> {
    const pgid = this.requireRunning('pause');
    if (this.stoppedBySignal) return;
    this.stoppedBySignal = true;
    signalGroup(pgid, 'SIGSTOP');
    await this.waitForState(pgid, (members) => members.every((m) => m.state === 'T'), 'stopped');
    appendMarker(this.info.logFile, this.info.name, `pause pid ${pgid} (SIGSTOP)`);
  }

  async resume(): Promise<void> {
    if (!this.stoppedBySignal || this.pgid === undefined) return;
    const pgid = this.pgid;
    signalGroup(pgid, 'SIGCONT');
    this.stoppedBySignal = false;
    // A supervisor in the group (runuser, su) that learns late that its child stopped stops
    // itself after our SIGCONT, as job control asks of it; so continue until none is stopped.
    await this.waitForState(pgid, (members) => {
      const running = members.every((m) => m.state !== 'T');
      if (!running) signalGroup(pgid, 'SIGCONT');
      return running;
    }, 'running again');
    appendMarker(this.info.logFile, this.info.name, `resume pid ${pgid} (SIGCONT)`);
  }

  /** For exit handlers: no waiting, no promises, just the signals. */
  killNow(reason: string): void {
    const pgid = this.pgid;
    if (pgid === undefined) return;
    this.expectingExit = true;
    appendMarker(this.info.logFile, this.info.name, `kill pid ${pgid} (${reason})`);
    try {
      signalGroup(pgid, 'SIGKILL');
      signalGroup(pgid, 'SIGCONT');
    } catch {
      // Exit handlers must not throw; the leftover registry lets `faultline heal` finish the job.
    }
  }

  /** Resolves when the exit of the current process has been recorded. */
  async settled(): Promise<void> {
    await this.exited;
  }

  private noteExit(pid: number, result: Result): void {
    const expected = this.expectingExit;
    this.exitInfo = { code: result.exitCode, signal: result.signal, expected, at: new Date() };
    this.pgid = undefined;
    this.stoppedBySignal = false;
    if (!expected) {
      const how = result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`;
      appendMarker(this.info.logFile, this.info.name, `pid ${pid} exited on its own (${how})`);
      // Whatever it left running in its group (workers, runuser's child) goes with it.
      try {
        signalGroup(pid, 'SIGKILL');
      } catch {
        // Not ours to signal any more; nothing to clean up.
      }
    }
  }

  private requireRunning(action: string): number {
    if (this.pgid === undefined) {
      throw new FaultlineError('BAD_ARGUMENT', `nemesis/local: cannot ${action} ${this.info.name}: it is not running`);
    }
    return this.pgid;
  }

  private async waitForState(pgid: number, reached: (m: ReturnType<typeof groupMembers>) => boolean, what: string) {
    const ok = await waitUntil(() => this.pgid !== pgid || reached(groupMembers(pgid)), 5_000, 5);
    if (!ok) throw new FaultlineError('RUN_FAILED', `nemesis/local: ${this.info.name} (pid ${pgid}) was not ${what} within 5 s`);
  }
}
