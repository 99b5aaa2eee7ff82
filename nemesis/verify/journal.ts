import type { FaultCheck } from '../../core/runtime.js';

// What the checks of one nemesis operation found. The operation's fault kind acts through the
// runtime (nemesis/verify/verifying-runtime.ts), which adds a check here after each action; some
// checks wait for the node (a clock offset is seen when the program next reads the time), so
// they are added as promises and collected when the operation ends. Outside an operation (the
// out-of-band heal at teardown) nothing is checked.

export class FaultJournal {
  private entries: Promise<FaultCheck[]>[] | undefined;
  /** Keys of checks already under way in this operation, so a strobe checks each offset once. */
  private keys = new Set<string>();

  get open(): boolean {
    return this.entries !== undefined;
  }

  begin(): void {
    this.entries = [];
    this.keys = new Set();
  }

  /** Adds checks (or checks still to come); false outside an operation, when nobody asks. */
  add(checks: FaultCheck | FaultCheck[] | Promise<FaultCheck | FaultCheck[]>): boolean {
    if (!this.entries) return false;
    this.entries.push(Promise.resolve(checks).then((c) => (Array.isArray(c) ? c : [c])));
    return true;
  }

  /** Whether a check with this key was already started in this operation (and marks it started). */
  once(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }

  /** Every check of the operation, once all have come in; the journal closes. */
  async end(): Promise<FaultCheck[]> {
    const entries = this.entries ?? [];
    this.entries = undefined;
    const settled = await Promise.allSettled(entries);
    return settled.flatMap((s) =>
      s.status === 'fulfilled'
        ? s.value
        : [{ fault: 'partition', undo: false, subject: '?', outcome: 'unverified', detail: `the check itself failed: ${String(s.reason)}` } as FaultCheck],
    );
  }
}
