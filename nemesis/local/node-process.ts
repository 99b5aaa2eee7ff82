import { once } from 'node:events';
import { execa, type Result } from 'execa';
import { FaultlineError } from '../../core/errors.js';
import type { NodeExit, NodeInfo } from '../../core/runtime.js';
import type { NodeCgroup } from './cgroups.js';
import { appendMarker, closeLog, openLogForChild } from './node-log.js';
import { identify, waitUntil, type ProcessIdentity } from './proc.js';

// One node's program. It starts inside the node's cgroup and network namespace: a small shell
// moves itself into the cgroup, then execs nsenter, which enters the namespace and execs the
// target's command, so the pid never changes and everything the program forks (workers,
// daemons, runuser's child) is in both. Kill, pause and resume act on the whole cgroup at once.
// It also leads a session of its own, so a Ctrl-C aimed at the harness does not reach it.

/** Moves the shell into the cgroup named by $1, then runs the rest of its arguments in its place. */
const ENTER_CGROUP = 'echo 0 > "$1" && shift && exec "$@"';

/** Exactly what is executed: no shell is involved anywhere. */
export interface Launch {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd?: string;
}

export type { NodeExit };

export class NodeProcess {
  private mainPid: number | undefined;
  private exited: Promise<void> | undefined;
  private expectingExit = false;
  private frozen = false;
  private exitInfo: NodeExit | undefined;

  constructor(
    readonly info: NodeInfo,
    readonly cgroup: NodeCgroup,
    /** nsenter's --net= argument: the node's namespace. */
    readonly netns: string,
    private readonly killTimeoutMs: number,
    /** Told each time the process ends, after its state says so. */
    private readonly onExit: (exit: NodeExit) => void = () => undefined,
  ) {}

  get running(): boolean {
    return this.mainPid !== undefined;
  }

  get paused(): boolean {
    return this.frozen;
  }

  /** The node's main process (what the target's command became). */
  get pid(): number | undefined {
    return this.mainPid;
  }

  get lastExit(): NodeExit | undefined {
    return this.exitInfo;
  }

  /** Spawns the process; resolves with its identity once it exists in the node's cgroup. */
  async start(launch: Launch): Promise<ProcessIdentity> {
    if (this.running) throw new Error(`${this.info.name} is already running`);
    const fd = openLogForChild(this.info.logFile);
    // The child writes to the log file itself, so its output survives a dead harness. execa's
    // types only admit the literal descriptors 3-9 here; at run time it hands any integer to spawn.
    const logFd = fd as 3;
    try {
      appendMarker(this.info.logFile, this.info.name, `start: ${[launch.command, ...launch.args].join(' ')}`);
      // A previous run of the node left nothing running (kill waits for that), and a fresh
      // process must not start frozen.
      this.cgroup.freeze(false);
      const wrapped = ['-c', ENTER_CGROUP, 'faultline-node', this.cgroup.procsFile, 'nsenter', `--net=${this.netns}`, '--', launch.command, ...launch.args];
      const subprocess = execa('/bin/sh', wrapped, {
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
      this.mainPid = pid;
      this.expectingExit = false;
      this.frozen = false;
      this.exited = subprocess.then((result) => this.noteExit(pid, result));
      // Started means in its cgroup: a pause or kill right away must reach it.
      await waitUntil(() => this.mainPid !== pid || this.cgroup.procs().includes(pid), 5_000, 2);
      appendMarker(this.info.logFile, this.info.name, `started pid ${pid}`);
      return identify(pid) ?? { pid, startTime: 'unknown' };
    } finally {
      closeLog(fd);
    }
  }

  /** SIGKILL to every process of the node's cgroup, then waits until none is left. */
  async kill(): Promise<void> {
    const pid = this.mainPid;
    if (pid === undefined && !this.cgroup.populated()) return;
    this.expectingExit = true;
    appendMarker(this.info.logFile, this.info.name, `kill pid ${pid ?? '(none)'} (SIGKILL to every process of its cgroup)`);
    this.killEverything(pid);
    // Killed again while anything is left: a process that had not yet moved itself into the
    // cgroup (a start just under way) is caught on a later round.
    const gone = await waitUntil(
      () => {
        const done = !this.running && !this.cgroup.populated();
        if (!done) this.killEverything(this.mainPid);
        return done;
      },
      this.killTimeoutMs,
      10,
    );
    this.frozen = false;
    this.cgroup.freeze(false);
    if (!gone) {
      const left = this.cgroup.procs();
      throw new FaultlineError(
        'RUN_FAILED',
        `nemesis/local: ${this.info.name} still has processes ${left.join(', ') || String(pid)} ${this.killTimeoutMs} ms after SIGKILL`,
      );
    }
  }

  /** Freezes every process of the node at once; resolves when the kernel says all are frozen. */
  async pause(): Promise<void> {
    const pid = this.requireRunning('pause');
    if (this.frozen) return;
    this.frozen = true;
    this.cgroup.freeze(true);
    await this.waitForState(pid, () => this.cgroup.frozen(), 'frozen');
    appendMarker(this.info.logFile, this.info.name, `pause pid ${pid} (froze its cgroup, ${this.cgroup.procs().length} processes)`);
  }

  async resume(): Promise<void> {
    if (!this.frozen || this.mainPid === undefined) return;
    const pid = this.mainPid;
    this.cgroup.freeze(false);
    this.frozen = false;
    await this.waitForState(pid, () => !this.cgroup.frozen(), 'thawed');
    appendMarker(this.info.logFile, this.info.name, `resume pid ${pid} (thawed its cgroup)`);
  }

  /** For exit handlers: no waiting, no promises, just the kill. */
  killNow(reason: string): void {
    const pid = this.mainPid;
    if (pid === undefined && !this.cgroup.populated()) return;
    this.expectingExit = true;
    appendMarker(this.info.logFile, this.info.name, `kill pid ${pid ?? '(none)'} (${reason})`);
    try {
      this.killEverything(pid);
    } catch {
      // Exit handlers must not throw; the leftover registry lets `faultline heal` finish the job.
    }
  }

  /** The cgroup's kill, and the main process by pid: in its first moments it has not joined the cgroup yet. */
  private killEverything(pid: number | undefined): void {
    this.cgroup.killAll();
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }

  /** Resolves when the exit of the current process has been recorded. */
  async settled(): Promise<void> {
    await this.exited;
  }

  private noteExit(pid: number, result: Result): void {
    const expected = this.expectingExit;
    this.exitInfo = { code: result.exitCode, signal: result.signal, expected, at: new Date() };
    this.mainPid = undefined;
    if (!expected) {
      const how = result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`;
      appendMarker(this.info.logFile, this.info.name, `pid ${pid} exited on its own (${how})`);
      // Whatever it left running (workers, runuser's child, a daemon it forked) goes with it:
      // the node is its main process, so run servers in the foreground.
      try {
        this.cgroup.killAll();
        this.cgroup.freeze(false);
      } catch {
        // The cgroup is gone (the runtime stopped): nothing to clean up.
      }
    }
    this.frozen = false;
    this.onExit(this.exitInfo);
  }

  private requireRunning(action: string): number {
    if (this.mainPid === undefined) {
      throw new FaultlineError('BAD_ARGUMENT', `nemesis/local: cannot ${action} ${this.info.name}: it is not running`);
    }
    return this.mainPid;
  }

  private async waitForState(pid: number, reached: () => boolean, what: string) {
    const ok = await waitUntil(() => this.mainPid !== pid || reached(), 5_000, 5);
    if (!ok) throw new FaultlineError('RUN_FAILED', `nemesis/local: ${this.info.name} (pid ${pid}) was not ${what} within 5 s`);
  }
}
