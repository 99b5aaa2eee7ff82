// A harness that stops, by Ctrl-C, by `kill`, by an uncaught error or by simply finishing, must
// not leave partitions, stopped processes or skewed clocks behind. Live runtimes register here;
// one set of process handlers (installed while a registered runtime wants it) stops them
// synchronously, since nothing asynchronous runs once the process is on its way out.

/** Something that can undo everything it did without awaiting anything. */
export interface EmergencyStoppable {
  emergencyStop(reason: string): void;
}

export interface GuardOptions {
  /** Stop on SIGINT, SIGTERM and SIGHUP (then let the signal end the process if nobody else listens). */
  signals: boolean;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const atExit = new Set<EmergencyStoppable>();
const onSignals = new Set<EmergencyStoppable>();

function stop(runtimes: readonly EmergencyStoppable[], reason: string): void {
  for (const runtime of runtimes) {
    atExit.delete(runtime);
    onSignals.delete(runtime);
    try {
      runtime.emergencyStop(reason);
    } catch {
      // Keep going: the others must still be stopped.
    }
  }
  updateHandlers();
}

function onSignal(signal: NodeJS.Signals): void {
  stop([...onSignals], signal);
  // Our handler is gone now; if nobody else listens, the signal's default action (ending the
  // process) is what the sender asked for: deliver it again.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onExit(): void {
  stop([...atExit], 'harness exit');
}

let signalsInstalled = false;
let exitInstalled = false;

function updateHandlers(): void {
  const wantSignals = onSignals.size > 0;
  if (wantSignals !== signalsInstalled) {
    for (const signal of SIGNALS) {
      if (wantSignals) process.on(signal, onSignal);
      else process.off(signal, onSignal);
    }
    signalsInstalled = wantSignals;
  }
  const wantExit = atExit.size > 0;
  if (wantExit !== exitInstalled) {
    if (wantExit) process.on('exit', onExit);
    else process.off('exit', onExit);
    exitInstalled = wantExit;
  }
}

/**
 * Registers a runtime to be stopped at process exit, and on signals if asked; the returned
 * function unregisters it (removing the handlers once nobody needs them).
 */
export function guardUntilStopped(runtime: EmergencyStoppable, options: GuardOptions): () => void {
  atExit.add(runtime);
  if (options.signals) onSignals.add(runtime);
  updateHandlers();
  return () => {
    atExit.delete(runtime);
    onSignals.delete(runtime);
    updateHandlers();
  };
}

/** How many runtimes are guarded right now (for tests). */
export function guardedCount(): number {
  return atExit.size;
}
