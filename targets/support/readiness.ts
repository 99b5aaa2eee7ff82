import { FaultlineError, errorMessage } from '../../core/errors.js';
import { isExitWatching, type NodeExit, type NodeInfo, type NodeRuntime } from '../../core/runtime.js';
import { describeExit, formatLogTail, logTail, LOG_TAIL_LINES } from './log-tail.js';

// A runtime's `start` resolves once the node's process exists, not once it serves. This waits
// until a check passes (a TCP connect, an HTTP status, a command's exit 0, or a function of the
// target's own), bounded in time and in attempts, and gives up at once when a node it watches
// exits: a server that died at start is not waited on for the whole timeout. Its error says
// why it gave up and quotes the node's last log lines.

/** One way to ask "ready yet?": see tcpCheck, httpCheck and commandCheck. */
export interface ReadinessCheck {
  /** What is checked, for messages: "TCP connect to 10.214.3.2:6379". */
  readonly describe: string;
  /** One attempt: resolves when ready, throws why not otherwise. `signal` aborts at the attempt's timeout. */
  attempt(signal: AbortSignal): Promise<void>;
}

/** A check of the target's own: resolves (with anything but `false`) when ready; throws or resolves `false` when not. */
export type CheckFunction = (signal: AbortSignal) => Promise<unknown>;

export interface ReadinessOptions {
  /**
   * The nodes whose processes must stay up meanwhile (with `runtime`): when one exits, the wait
   * ends at once with its exit status and log tail. A timeout quotes their logs too.
   */
  nodes?: NodeInfo | readonly NodeInfo[];
  runtime?: NodeRuntime;
  /** Total time allowed (default 30 000 ms). */
  timeoutMs?: number;
  /** At most this many attempts (default: as many as fit in the time). */
  attempts?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** Each attempt is aborted after this long, or when the total time runs out (default 2 000 ms). */
  attemptTimeoutMs?: number;
  /** What is awaited, for messages (default: the check's own description). */
  what?: string;
  /** Stops the wait (reason `aborted`). */
  signal?: AbortSignal;
}

/** How a wait that succeeded went. */
export interface Ready {
  attempts: number;
  elapsedMs: number;
}

export type NotReadyReason = 'exited' | 'timeout' | 'attempts' | 'aborted';

/** A wait that gave up: why, after how much, and what the node's log said last. */
export class NodeNotReadyError extends FaultlineError {
  /** The node that exited, or the only node watched; undefined when none was given. */
  readonly node: string | undefined;
  readonly reason: NotReadyReason;
  /** How the node's process ended, when that ended the wait. */
  readonly exit: NodeExit | undefined;
  /** What the last attempt said. */
  readonly lastError: string | undefined;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The message's first line, without the logs. */
  readonly summary: string;
  /** The last lines of each quoted node's log, by node. */
  readonly logTails: ReadonlyMap<string, readonly string[]>;

  constructor(detail: {
    node?: string;
    reason: NotReadyReason;
    exit?: NodeExit;
    lastError?: string;
    attempts: number;
    elapsedMs: number;
    summary: string;
    logs: readonly { node: string; file: string; lines: readonly string[] }[];
  }) {
    const logs = detail.logs.map((log) => formatLogTail(log.file, log.lines)).filter(Boolean);
    super('NODE_UNREACHABLE', [detail.summary, ...logs].join('\n'));
    this.name = 'NodeNotReadyError';
    this.node = detail.node;
    this.reason = detail.reason;
    this.exit = detail.exit;
    this.lastError = detail.lastError;
    this.attempts = detail.attempts;
    this.elapsedMs = detail.elapsedMs;
    this.summary = detail.summary;
    this.logTails = new Map(detail.logs.map((log) => [log.node, log.lines]));
  }
}

const DEFAULTS = { timeoutMs: 30_000, intervalMs: 100, attemptTimeoutMs: 2_000 };

/** Tries `check` until it passes; throws a NodeNotReadyError when a watched node exits, time or attempts run out, or `signal` aborts. */
export async function waitUntilReady(check: ReadinessCheck | CheckFunction, options: ReadinessOptions = {}): Promise<Ready> {
  const { timeoutMs, intervalMs, attemptTimeoutMs } = { ...DEFAULTS, ...definedOnly(options) };
  const maxAttempts = options.attempts ?? Infinity;
  for (const [field, value] of Object.entries({ timeoutMs, intervalMs, attemptTimeoutMs, attempts: maxAttempts })) {
    if (!(typeof value === 'number' && value >= (field === 'intervalMs' ? 0 : 1)))
      throw new FaultlineError('BAD_ARGUMENT', `waitUntilReady: ${field} must be a positive number, got ${JSON.stringify(value)}`);
  }
  const probe = typeof check === 'function' ? { describe: 'the check', attempt: asAttempt(check) } : check;
  const nodes = options.nodes === undefined ? [] : Array.isArray(options.nodes) ? (options.nodes as readonly NodeInfo[]) : [options.nodes as NodeInfo];
  const what = options.what ?? `${probe.describe}${nodes.length === 1 ? ` (${nodes[0].name})` : ''}`;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const watch = watchExits(nodes, options.runtime);
  let attempts = 0;
  let lastError: string | undefined;
  const giveUp = (reason: NotReadyReason, summary: string, exited?: { node: NodeInfo; exit: NodeExit | undefined }) =>
    new NodeNotReadyError({
      node: exited?.node.name ?? (nodes.length === 1 ? nodes[0].name : undefined),
      reason,
      exit: exited?.exit,
      lastError,
      attempts,
      elapsedMs: elapsed(),
      summary,
      logs: (exited ? [exited.node] : nodes).map((node) => ({
        node: node.name,
        file: node.logFile,
        lines: logTail(node.logFile, exited || nodes.length === 1 ? LOG_TAIL_LINES : Math.max(5, Math.ceil(LOG_TAIL_LINES / nodes.length))),
      })),
    });
  const last = () => (lastError === undefined ? '' : `; last: ${lastError}`);
  try {
    for (;;) {
      const exited = watch.exited();
      if (exited) throw giveUp('exited', exitSummary(exited.node.name, exited.exit, what, attempts, elapsed()), exited);
      if (options.signal?.aborted) throw giveUp('aborted', `stopped waiting for ${what} after ${plural(attempts, 'attempt')}${last()}`);
      const remaining = timeoutMs - elapsed();
      if (remaining <= 0) throw giveUp('timeout', `${what}: not ready within ${timeoutMs} ms (${plural(attempts, 'attempt')}${last()})`);
      if (attempts >= maxAttempts) throw giveUp('attempts', `${what}: not ready after ${plural(attempts, 'attempt')} in ${Math.round(elapsed())} ms${last()}`);
      attempts++;
      const cutShort = remaining < attemptTimeoutMs;
      const outcome = await attemptOnce(probe, Math.min(attemptTimeoutMs, remaining), watch.changed, options.signal);
      if (outcome.ready) return { attempts, elapsedMs: elapsed() };
      // An attempt the deadline cut short says less than the one before it.
      if (outcome.error !== undefined && !(cutShort && outcome.timedOut && lastError !== undefined)) lastError = outcome.error;
      if (watch.exited() || attempts >= maxAttempts) continue;
      await pause(Math.min(intervalMs, Math.max(0, timeoutMs - elapsed())), watch.changed, options.signal);
    }
  } finally {
    watch.stop();
  }
}

function exitSummary(node: string, exit: NodeExit | undefined, what: string, attempts: number, elapsedMs: number): string {
  const how = exit ? `${exit.expected ? 'was stopped' : 'exited on its own'} (${describeExit(exit)})` : 'is not running';
  return `${node} ${how} ${(elapsedMs / 1000).toFixed(1)} s into the wait for ${what}, after ${plural(attempts, 'attempt')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function asAttempt(fn: CheckFunction): ReadinessCheck['attempt'] {
  return async (signal) => {
    if ((await fn(signal)) === false) throw new Error('not ready');
  };
}

interface Attempted {
  ready: boolean;
  error?: string;
  /** Aborted at its timeout. */
  timedOut?: boolean;
}

async function attemptOnce(check: ReadinessCheck, timeoutMs: number, interrupted: Promise<void>, outer: AbortSignal | undefined): Promise<Attempted> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no answer within ${Math.round(timeoutMs)} ms`));
  }, timeoutMs);
  const onOuter = () => controller.abort(new Error('stopped'));
  outer?.addEventListener('abort', onOuter, { once: true });
  try {
    const attempt = check.attempt(controller.signal).then(
      (): Attempted => ({ ready: true }),
      (err: unknown): Attempted => ({ ready: false, timedOut, error: controller.signal.aborted ? errorMessage(controller.signal.reason) : errorMessage(err) }),
    );
    // An attempt stuck past its abort (a check that ignores its signal) is not waited for.
    const aborted = new Promise<Attempted>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve({ ready: false, timedOut, error: errorMessage(controller.signal.reason) }), { once: true }),
    );
    const exited = interrupted.then((): Attempted => ({ ready: false }));
    return await Promise.race([attempt, aborted, exited]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
    if (!controller.signal.aborted) controller.abort(new Error('attempt over'));
  }
}

function pause(ms: number, interrupted: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
    void interrupted.then(done);
  });
}

interface ExitWatch {
  /** The first watched node found not running, with how it ended when the runtime says. */
  exited(): { node: NodeInfo; exit: NodeExit | undefined } | undefined;
  /** Resolves when a watched node may have exited (the runtime told, or a poll saw it). */
  changed: Promise<void>;
  stop(): void;
}

const POLL_MS = 50;

function watchExits(nodes: readonly NodeInfo[], runtime: NodeRuntime | undefined): ExitWatch {
  if (!runtime || nodes.length === 0) return { exited: () => undefined, changed: new Promise(() => undefined), stop: () => undefined };
  const names = new Set(nodes.map((n) => n.name));
  let signalChange: () => void = () => undefined;
  const changed = new Promise<void>((resolve) => {
    signalChange = resolve;
  });
  const exited = () => {
    const node = nodes.find((n) => !runtime.isRunning(n.name));
    if (!node) return undefined;
    return { node, exit: isExitWatching(runtime) ? runtime.lastExit(node.name) : undefined };
  };
  // Told at once where the runtime can tell; asked every POLL_MS otherwise (and as a safety net).
  const unsubscribe = isExitWatching(runtime) ? runtime.onNodeExit((node) => names.has(node) && signalChange()) : () => undefined;
  const poll = setInterval(() => exited() && signalChange(), POLL_MS);
  poll.unref();
  return {
    exited,
    changed,
    stop: () => {
      clearInterval(poll);
      unsubscribe();
    },
  };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
