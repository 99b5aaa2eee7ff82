/** The moments of a holder's life a fault can wait for. */
export type HolderMoment = 'read' | 'release';

interface Armed {
  moment: HolderMoment;
  act(process: number, node: string): Promise<unknown>;
  settle(result: unknown, failure?: Error): void;
}

/**
 * What the harness's lock clients know about who holds the lock right now, shared with the
 * faults that aim at holders. Clients report as operations start and end. A fault can also
 * arm an action for the next holder to reach a moment — its read of the resource came back,
 * its release went through — which runs before the harness hears of it: a pause armed for
 * "read" stops the holder between its read and its write, as a garbage-collection pause would.
 */
export class HolderBoard {
  private readonly acquiring = new Map<number, string>();
  private readonly holders = new Map<number, string>();
  private armed: Armed | undefined;

  acquireStarted(process: number, node: string): void {
    this.acquiring.set(process, node);
  }

  acquireEnded(process: number, node: string, granted: boolean): void {
    this.acquiring.delete(process);
    if (granted) this.holders.set(process, node);
  }

  released(process: number): void {
    this.holders.delete(process);
  }

  /** A process whose last operation's outcome is unknown is retired: it holds nothing we know of. */
  retired(process: number): void {
    this.acquiring.delete(process);
    this.holders.delete(process);
  }

  /** The client nodes with an acquire in flight. */
  nodesAcquiring(): string[] {
    return [...new Set(this.acquiring.values())];
  }

  /**
   * Runs `act` when the next holder reaches `moment`, and resolves with what it returned;
   * undefined if none did within `timeoutMs` or `signal` fired first.
   */
  armOnce<T>(moment: HolderMoment, act: (process: number, node: string) => Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
    if (this.armed) return Promise.reject(new Error(`an action is already armed for a holder's ${this.armed.moment}`));
    return new Promise((resolve, reject) => {
      const disarm = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
        if (this.armed === armed) this.armed = undefined;
      };
      const giveUp = () => {
        disarm();
        resolve(undefined);
      };
      const timer = setTimeout(giveUp, timeoutMs);
      signal?.addEventListener('abort', giveUp, { once: true });
      const armed: Armed = {
        moment,
        act,
        settle: (result, failure) => {
          disarm();
          if (failure) reject(failure);
          else resolve(result as T);
        },
      };
      this.armed = armed;
    });
  }

  /** Called by a holder's client when it reaches a moment, before the harness hears of it. */
  async reached(moment: HolderMoment, process: number, node: string): Promise<void> {
    const armed = this.armed;
    if (!armed || armed.moment !== moment) return;
    if (moment === 'read' && !this.holders.has(process)) return;
    this.armed = undefined;
    try {
      armed.settle(await armed.act(process, node));
    } catch (err) {
      armed.settle(undefined, err instanceof Error ? err : new Error(String(err)));
    }
  }
}
