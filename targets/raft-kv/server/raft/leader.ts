import type { AppendReply, Command, LogEntry, SnapshotReply } from '../../protocol/messages.js';
import { monoNow } from '../clock.js';
import { PeerProgress } from './peer-progress.js';
import { ReadIndexQueue } from './read-index.js';
import { ReadLease } from './read-lease.js';
import type { RaftMember } from './member.js';
import type { Respond } from './outcome.js';

// Everything that exists only while this node leads one term: follower progress, the
// heartbeat sequence, pending ReadIndex reads. A new term gets a new Leadership, so nothing
// from an old term leaks into the next.

const MAX_BATCH_ENTRIES = 1024;
/**
 * One batch in flight per follower: entries that arrive meanwhile go out together with its
 * answer. Measured on the shared 2-core machine, this beat deeper pipelines: every message
 * costs a wake-up on both ends, and a follower fsyncs a batch at a time anyway.
 */
const MAX_INFLIGHT = 1;

export class Leadership {
  readonly term: number;
  /** Index of the no-op this leader appended; once it is applied, all earlier commits are known. */
  readonly termStartIndex: number;
  readonly reads: ReadIndexQueue;
  private readonly progress = new Map<string, PeerProgress>();
  private seq = 0;
  private confirmedSeq = 0;
  /** First sequence number of the heartbeat round that reads are waiting on, if one is out. */
  private readRoundSeq: number | null = null;
  /** Only with the seeded lease-read bug. */
  private readonly lease: ReadLease | null;
  private sendScheduled = false;
  private broadcastWanted = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly node: RaftMember) {
    this.term = node.term;
    this.termStartIndex = node.log.lastIndex + 1;
    this.reads = new ReadIndexQueue(node.config.requestTimeoutMs);
    this.lease = node.bugs.has('lease-read') ? new ReadLease(node.config.electionTimeoutMs) : null;
    for (const peer of node.peers) this.progress.set(peer, new PeerProgress(peer, node.log.lastIndex + 1));
  }

  /** Called once the node has installed this leadership: commits a no-op of the new term. */
  start(): void {
    const index = this.propose({ op: 'noop' });
    if (index !== this.termStartIndex) throw new Error(`leader: no-op landed at ${index}, expected ${this.termStartIndex}`);
    this.heartbeatTimer = setInterval(() => this.broadcast(), this.node.config.heartbeatMs);
  }

  close(error: string): void {
    clearInterval(this.heartbeatTimer);
    this.reads.failAll(error);
  }

  /** Appends a command; `respond` hears the outcome once the entry is applied (or superseded, or late). */
  propose(command: Command, respond?: Respond): number {
    const entry: LogEntry = { index: this.node.log.lastIndex + 1, term: this.term, command };
    if (respond) this.node.proposals.add(entry.index, this.term, respond);
    this.node.log.append([entry]);
    if (this.node.bugs.has('early-commit')) this.node.advanceCommitTo(entry.index);
    else this.maybeCommit();
    this.sendSoon(false);
    return entry.index;
  }

  read(serve: () => void, fail: (error: string) => void): void {
    if (this.lease?.valid) {
      serve();
      return;
    }
    const readIndex = Math.max(this.node.commitIndex, this.termStartIndex);
    this.reads.add(readIndex, this.seq + 1, serve, fail);
    this.confirmIfAlone();
    // One round at a time: reads that arrive while one is out wait for the next, so a stream
    // of reads costs a round per round trip, not a round per read.
    if (this.readRoundSeq === null) this.startReadRound();
  }

  private startReadRound(): void {
    this.readRoundSeq = this.seq + 1;
    this.sendSoon(true);
  }

  onAppendReply(from: string, reply: AppendReply): void {
    const progress = this.progress.get(from);
    if (progress === undefined) return;
    this.acknowledge(progress, reply.seq);
    if (reply.entryCount > 0) progress.inflight = Math.max(0, progress.inflight - 1);
    if (progress.state === 'snapshot') return;
    if (reply.success) {
      if (reply.match > progress.matchIndex) {
        progress.matchIndex = reply.match;
        this.maybeCommit();
      }
      progress.nextIndex = Math.max(progress.nextIndex, reply.match + 1);
      progress.state = 'replicate';
    } else {
      if (reply.prevIndex < progress.matchIndex) return; // an answer to a probe we have moved past
      progress.nextIndex = Math.max(progress.matchIndex + 1, Math.min(reply.hint, reply.prevIndex));
      progress.state = 'probe';
      progress.inflight = 0;
    }
    this.sendTo(progress, false);
  }

  onSnapshotReply(from: string, reply: SnapshotReply): void {
    const progress = this.progress.get(from);
    if (progress === undefined) return;
    this.acknowledge(progress, reply.seq);
    if (progress.state !== 'snapshot') return;
    progress.matchIndex = Math.max(progress.matchIndex, reply.match);
    progress.reset();
    this.maybeCommit();
    this.sendTo(progress, false);
  }

  onPeerDisconnected(peer: string): void {
    this.progress.get(peer)?.reset();
  }

  /** Commits the highest index a majority holds, if it is from this term (Raft §5.4.2). */
  maybeCommit(): void {
    const matches = [this.node.log.durableIndex];
    for (const progress of this.progress.values()) matches.push(progress.matchIndex);
    matches.sort((a, b) => b - a);
    const majority = matches[this.node.quorum - 1];
    if (majority > this.node.commitIndex && this.node.log.term(majority) === this.term) this.node.advanceCommitTo(majority);
  }

  progressOf(peer: string): PeerProgress | undefined {
    return this.progress.get(peer);
  }

  broadcast(): void {
    for (const progress of this.progress.values()) this.sendTo(progress, true);
  }

  /** Coalesces the sends of one event-loop turn into one batch per follower. */
  private sendSoon(heartbeat: boolean): void {
    this.broadcastWanted ||= heartbeat;
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    setImmediate(() => {
      this.sendScheduled = false;
      const heartbeatNow = this.broadcastWanted;
      this.broadcastWanted = false;
      if (this.node.leadership !== this) return;
      for (const progress of this.progress.values()) this.sendTo(progress, heartbeatNow);
    });
  }

  private acknowledge(progress: PeerProgress, seq: number): void {
    if (seq <= progress.ackedSeq) return;
    progress.ackedSeq = seq;
    const acked = [Infinity];
    for (const other of this.progress.values()) acked.push(other.ackedSeq);
    acked.sort((a, b) => b - a);
    const confirmed = acked[this.node.quorum - 1];
    if (confirmed <= this.confirmedSeq) return;
    this.confirmedSeq = confirmed;
    this.lease?.renew();
    this.reads.confirm(confirmed, this.node.lastApplied);
    if (this.readRoundSeq !== null && confirmed >= this.readRoundSeq) {
      this.readRoundSeq = null;
      if (this.reads.waitingForQuorum > 0) this.startReadRound();
    }
  }

  private confirmIfAlone(): void {
    if (this.progress.size === 0) this.reads.confirm(Infinity, this.node.lastApplied);
  }

  private sendTo(progress: PeerProgress, heartbeat: boolean): void {
    const log = this.node.log;
    if (progress.state === 'snapshot') {
      if (monoNow() - progress.snapshotSentAt < this.node.config.electionTimeoutMs) return;
      progress.reset();
    }
    if (progress.nextIndex <= log.baseIndex) {
      this.sendSnapshot(progress);
      return;
    }
    if (progress.state === 'probe') {
      if (progress.inflight > 0) {
        // The probe is still out: a heartbeat keeps the follower's timer quiet without resending it.
        if (heartbeat) this.sendAppend(progress, []);
        return;
      }
      const entries = log.slice(progress.nextIndex, MAX_BATCH_ENTRIES);
      if (this.sendAppend(progress, entries) && entries.length > 0) progress.inflight = 1;
      return;
    }
    let sent = false;
    while (progress.inflight < MAX_INFLIGHT && progress.nextIndex <= log.lastIndex) {
      const entries = log.slice(progress.nextIndex, MAX_BATCH_ENTRIES);
      if (!this.sendAppend(progress, entries)) return;
      progress.nextIndex += entries.length;
      progress.inflight++;
      sent = true;
    }
    if (!sent && heartbeat) this.sendAppend(progress, []);
  }

  private sendAppend(progress: PeerProgress, entries: LogEntry[]): boolean {
    const prevIndex = progress.nextIndex - 1;
    const prevTerm = this.node.log.term(prevIndex);
    if (prevTerm === undefined) throw new Error(`leader: no term for index ${prevIndex} (base ${this.node.log.baseIndex})`);
    return this.node.network.send(progress.peer, {
      t: 'append',
      term: this.term,
      leader: this.node.id,
      prevIndex,
      prevTerm,
      entries,
      commit: this.node.commitIndex,
      seq: ++this.seq,
    });
  }

  private sendSnapshot(progress: PeerProgress): void {
    const snapshot = this.node.snapshots.latest;
    if (snapshot === null) throw new Error(`leader: ${progress.peer} needs entry ${progress.nextIndex} but there is no snapshot`);
    const sent = this.node.network.send(progress.peer, { t: 'snap', term: this.term, leader: this.node.id, snapshot, seq: ++this.seq });
    if (!sent) return;
    progress.state = 'snapshot';
    progress.snapshotSentAt = monoNow();
    this.node.logger.info('snapshot-send', { to: progress.peer, index: snapshot.index, nextIndex: progress.nextIndex });
  }
}
