// Cycle search can be exponential in spirit and quadratic in practice on huge
// components; a budget turns "would take hours" into an honest `unknown`.

export interface BudgetLimits {
  /** Adjacency entries a search may examine in one component. */
  maxEdges: number;
  /** Wall-clock milliseconds a search may spend in one component. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export class SearchBudget {
  private spent = 0;
  private nextClockCheck = 0;
  private readonly deadline: number;
  /** Why the budget ran out, or undefined while it lasts. */
  exhausted: string | undefined;

  constructor(private readonly limits: BudgetLimits) {
    this.deadline = performance.now() + limits.timeoutMs;
  }

  get edgesExplored(): number {
    return this.spent;
  }

  /** Accounts for `edges` more examined entries; false once the budget is gone. */
  charge(edges: number): boolean {
    if (this.exhausted !== undefined) return false;
    this.spent += edges;
    if (this.spent > this.limits.maxEdges) {
      this.exhausted = `explored more than ${this.limits.maxEdges} edges (cycleSearchMaxEdges)`;
      return false;
    }
    if (this.spent >= this.nextClockCheck) {
      this.nextClockCheck = this.spent + 16384;
      if (this.limits.signal?.aborted) {
        this.exhausted = 'the check was aborted';
        return false;
      }
      if (performance.now() > this.deadline) {
        this.exhausted = `ran past ${this.limits.timeoutMs} ms (cycleSearchTimeoutMs)`;
        return false;
      }
    }
    return true;
  }
}
