// The seeded lease-read bug. After a majority acknowledges a heartbeat, the leader believes no
// one else can lead for an election timeout and answers reads from its own state until then.
// The lease is measured on the wall clock (Date.now()) and never shortened, so a clock stepped
// back stretches it past the moment the other nodes, cut off from this leader, elect another.

export class ReadLease {
  private until = -Infinity;

  constructor(private readonly durationMs: number) {}

  /** A majority has just acknowledged a heartbeat. */
  renew(): void {
    this.until = Math.max(this.until, Date.now() + this.durationMs);
  }

  get valid(): boolean {
    return Date.now() < this.until;
  }
}
