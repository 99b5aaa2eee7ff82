import { isExitWatching, type NodeExit, type NodeRuntime } from '../core/runtime.js';
import { describeExit, formatLogTail, logTail } from '../targets/support/log-tail.js';
import { isFaultlineError, FaultlineError } from '../core/errors.js';

// A node that exits on its own (a server that refuses its config at start, one that crashes
// under a fault) is news for the person at the terminal, not only for nodes/<name>.log: each
// such exit is printed as it happens, with its exit status and the node's last log lines.

export interface NodeExitReport {
  /** Nodes whose exit was printed. */
  readonly reported: ReadonlySet<string>;
  /** Stops reporting (before teardown, whose stops are the harness's own doing). */
  stop(): void;
}

/**
 * Reports every exit the runtime did not cause (kill and stopAll are expected) through `print`
 * and `log`; `stage` says when it happened ("during setup").
 */
export function reportNodeExits(runtime: NodeRuntime, stage: () => string, print: (text: string) => void, log: (message: string) => void): NodeExitReport {
  const reported = new Set<string>();
  if (!isExitWatching(runtime)) return { reported, stop: () => undefined };
  const stop = runtime.onNodeExit((node, exit: NodeExit) => {
    if (exit.expected) return;
    reported.add(node);
    const info = runtime.nodes.find((n) => n.name === node);
    const headline = `node ${node} exited on its own (${describeExit(exit)}) ${stage()}`;
    log(headline);
    const tail = info ? formatLogTail(info.logFile, logTail(info.logFile)) : '';
    print(tail ? `${headline}; ${tail}` : headline);
  });
  return { reported, stop };
}

/**
 * A readiness wait that ended because a node exited, after that exit was already printed with
 * its log: the same error without the log lines again.
 */
export function withoutRepeatedLog(err: unknown, reported: ReadonlySet<string>): unknown {
  if (!isFaultlineError(err) || err.name !== 'NodeNotReadyError') return err;
  const detail = err as FaultlineError & { node?: unknown; reason?: unknown; summary?: unknown };
  if (detail.reason !== 'exited' || typeof detail.node !== 'string' || !reported.has(detail.node) || typeof detail.summary !== 'string') return err;
  return new FaultlineError(err.code, `${detail.summary} (its last log lines are above)`, { cause: err });
}
