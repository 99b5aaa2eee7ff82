// What a leader knows about one follower. `probe`: one AppendEntries at a time until the logs
// are found to agree; `replicate`: a bounded pipeline of batches; `snapshot`: the follower needs
// entries that were compacted away and is being sent the snapshot.

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export class PeerProgress {
  state: ProgressState = 'probe';
  matchIndex = 0;
  inflight = 0;
  /** Highest heartbeat sequence number this follower answered in the current term. */
  ackedSeq = 0;
  snapshotSentAt = 0;

  constructor(
    readonly peer: string,
    public nextIndex: number,
  ) {}

  /** Back to one-at-a-time probing from just after what is known to match. */
  reset(): void {
    this.state = 'probe';
    this.inflight = 0;
    this.nextIndex = this.matchIndex + 1;
  }
}
