// A harness that stops, by Ctrl-C, by `kill`, by an uncaught error or by simply finishing, must
// not leave partitions, stopped processes or skewed clocks behind. Live runtimes register here;
// one set of process handlers (installed while at least one runtime is registered) stops them
// all synchronously, since nothing asynchronous runs once the process is on its way out.

/** Something that can undo everything it did without awaiting anything. */
export interface EmergencyStoppable {
  emergencyStop(reason: string): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const guarded = new Set<EmergencyStoppable>();

function stopAll(reason: string): void {
  for (const runtime of [...guarded]) {
    guarded.delete(runtime);
    try {
      runtime.emergencyStop(reason);
    } catch {
      // Keep going: the others must still be stopped.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  stopAll(signal);
  uninstall();
  // With our handlers gone, if nobody else listens, the signal's default action (ending the
  // process) is what the sender asked for: deliver it again.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onExit(): void {
  stopAll('harness exit');
  uninstall();
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', onExit);
}

/** Registers a runtime; the returned function unregisters it (and removes the handlers when none is left). */
export function guardUntilStopped(runtime: EmergencyStoppable): () => void {
  guarded.add(runtime);
  install();
  return () => {
    guarded.delete(runtime);
    if (guarded.size === 0) uninstall();
  };
}

/** How many runtimes are guarded right now (for tests). */
export function guardedCount(): number {
  return guarded.size;
}
