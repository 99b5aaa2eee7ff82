import type { NodeStatus, PeerReply, PeerRequest, Role } from '../../protocol/messages.js';
import type { NodeConfig } from '../args.js';
import type { BugSet } from '../bugs.js';
import type { NodeLogger } from '../logger.js';
import { KvStateMachine } from '../state-machine.js';
import type { MetaStore } from '../storage/meta-store.js';
import type { SnapshotStore } from '../storage/snapshot-store.js';
import { CommitReporter } from './commit-reporter.js';
import { DurableWaiters } from './durable-waiters.js';
import { ElectionTimer } from './election-timer.js';
import { handleVoteReply, handleVoteRequest, startElection } from './election.js';
import { handleAppend, handleInstallSnapshot } from './follower.js';
import { Forwarder } from './forwarder.js';
import type { LeaderRole, PeerNetwork, RaftMember } from './member.js';
import { Proposals } from './proposals.js';
import type { RaftLog } from './raft-log.js';
import { takeSnapshotIfDue } from './snapshots.js';

// One Raft member: its persistent and volatile state, role changes and timers, and the routing
// of peer messages to the protocol steps (election.ts, leader.ts, follower.ts, requests.ts),
// which work on it through the RaftMember interface (member.ts).

export interface RaftNodeDeps {
  config: NodeConfig;
  bugs: BugSet;
  logger: NodeLogger;
  meta: MetaStore;
  snapshots: SnapshotStore;
  log: RaftLog;
  network: PeerNetwork;
}

export class RaftNode implements RaftMember {
  readonly id: string;
  readonly peers: readonly string[];
  readonly quorum: number;
  readonly config: NodeConfig;
  readonly bugs: BugSet;
  readonly logger: NodeLogger;
  readonly snapshots: SnapshotStore;
  readonly log: RaftLog;
  readonly network: PeerNetwork;
  readonly sm = new KvStateMachine();
  readonly proposals: Proposals;
  readonly forwards: Forwarder;
  term = 0;
  votedFor: string | null = null;
  role: Role = 'follower';
  leaderId: string | null = null;
  commitIndex = 0;
  lastApplied = 0;
  leadership: LeaderRole | null = null;
  votes: Set<string> | null = null;
  private readonly meta: MetaStore;
  readonly durableWaiters = new DurableWaiters();
  private readonly electionTimer: ElectionTimer;
  private housekeeping: NodeJS.Timeout | undefined;
  private readonly commits: CommitReporter;

  constructor(deps: RaftNodeDeps) {
    this.config = deps.config;
    this.id = deps.config.id;
    this.peers = deps.config.peers.map((peer) => peer.id);
    this.quorum = Math.floor((this.peers.length + 1) / 2) + 1;
    this.bugs = deps.bugs;
    this.logger = deps.logger;
    this.meta = deps.meta;
    this.snapshots = deps.snapshots;
    this.log = deps.log;
    this.network = deps.network;
    this.proposals = new Proposals(this.id, deps.config.requestTimeoutMs);
    this.forwards = new Forwarder(this, deps.config.requestTimeoutMs + 500);
    this.commits = new CommitReporter(this);
    this.electionTimer = new ElectionTimer(deps.config.electionTimeoutMs, () => startElection(this));
    const snapshot = deps.snapshots.latest;
    if (snapshot) {
      this.sm.restore(snapshot.data);
      this.commitIndex = this.lastApplied = snapshot.index;
    }
    const saved = deps.meta.load();
    // The forget-vote bug keeps term and vote in memory only: a restarted node is back at term 0
    // with no vote, below the terms its own log holds, as an implementation that never wrote
    // them would be. It then trusts any leader and any candidate whose term is not older than 0.
    this.term = this.bugs.has('forget-vote') ? saved.term : Math.max(saved.term, this.log.lastTerm);
    this.votedFor = saved.term === this.term ? saved.votedFor : null;
  }

  start(): void {
    this.resetElectionTimer();
    this.housekeeping = setInterval(() => {
      this.proposals.expire();
      this.forwards.expire();
      this.leadership?.reads.expire();
      this.commits.report();
    }, 50);
  }

  stop(): void {
    this.electionTimer.stop();
    clearInterval(this.housekeeping);
    this.leadership?.close('node stopping');
  }

  /** Term and vote reach the disk before anything that depends on them is sent. */
  setTermAndVote(term: number, votedFor: string | null): void {
    if (term < this.term) throw new Error(`term would go back from ${this.term} to ${term}`);
    if (term !== this.term) this.logger.info('term', { from: this.term, to: term, vote: votedFor });
    this.meta.save({ term, votedFor });
    this.term = term;
    this.votedFor = votedFor;
  }

  /** Adopts a newer term seen in any message; returns true if it was newer. */
  observeTerm(term: number): boolean {
    if (term <= this.term) return false;
    this.setTermAndVote(term, null);
    this.becomeFollower(null);
    return true;
  }

  becomeFollower(leader: string | null): void {
    if (this.role !== 'follower') this.logger.info('role', { from: this.role, to: 'follower', term: this.term });
    this.role = 'follower';
    this.votes = null;
    if (this.leadership) {
      this.leadership.close('not-leader: stepped down');
      this.leadership = null;
    }
    this.setLeader(leader);
    this.resetElectionTimer();
  }

  setLeader(leader: string | null): void {
    if (leader === this.leaderId) return;
    this.logger.info('leader', { term: this.term, leader: leader ?? 'none', was: this.leaderId ?? 'none' });
    this.leaderId = leader;
  }

  /** A valid AppendEntries or InstallSnapshot from the leader of `term`. */
  acceptLeader(term: number, leader: string): void {
    this.observeTerm(term);
    if (this.role === 'leader') {
      // Only a broken vote (the forget-vote bug) lets two nodes lead one term.
      this.logger.warn('two-leaders', { term, other: leader });
      if (!this.bugs.any) throw new Error(`two leaders in term ${term}: ${this.id} and ${leader}`);
    }
    if (this.role !== 'follower' || this.leaderId !== leader) this.becomeFollower(leader);
    else this.resetElectionTimer();
  }

  resetElectionTimer(): void {
    if (this.role === 'leader') this.electionTimer.stop();
    else this.electionTimer.reset();
  }

  handlePeerRequest(from: string, request: PeerRequest, reply: (message: PeerReply) => void): void {
    switch (request.t) {
      case 'ping':
        return reply({ t: 'pong' });
      case 'vote':
        return reply(handleVoteRequest(this, request));
      case 'append':
        return handleAppend(this, request, reply);
      case 'snap':
        return handleInstallSnapshot(this, request, reply);
      case 'fwd':
        return this.forwards.serve(request, reply);
      default:
        this.logger.warn('unknown-peer-request', { from, t: String((request as { t?: unknown }).t) });
    }
  }

  handlePeerReply(from: string, message: PeerReply): void {
    switch (message.t) {
      case 'pong':
        return;
      case 'vote-r':
        return handleVoteReply(this, from, message);
      case 'append-r':
        if (this.observeTerm(message.term) || message.term !== this.term) return;
        return this.leadership?.onAppendReply(from, message);
      case 'snap-r':
        if (this.observeTerm(message.term) || message.term !== this.term) return;
        return this.leadership?.onSnapshotReply(from, message);
      case 'fwd-r':
        return this.forwards.onReply(from, message);
      default:
        this.logger.warn('unknown-peer-reply', { from, t: String((message as { t?: unknown }).t) });
    }
  }

  peerDisconnected(peer: string): void {
    this.leadership?.onPeerDisconnected(peer);
    this.forwards.onDisconnected(peer);
  }

  /** Runs `fire` once the log is durable through `index`. */
  whenDurable(index: number, fire: () => void): void {
    if (this.log.durableIndex >= index) fire();
    else this.durableWaiters.add(index, fire);
  }

  onLogDurable(durable: number): void {
    this.durableWaiters.fireThrough(durable);
    this.leadership?.maybeCommit();
  }

  truncateLogFrom(index: number): void {
    if (index <= this.commitIndex) {
      this.logger.warn('truncating-committed', { index, commitIndex: this.commitIndex, lastApplied: this.lastApplied });
      if (!this.bugs.any) throw new Error(`would truncate committed entry ${index} (commit index ${this.commitIndex})`);
      // A seeded bug committed what a majority never had; the state machine keeps its effects.
      this.commitIndex = Math.min(this.commitIndex, index - 1);
      this.lastApplied = Math.min(this.lastApplied, index - 1);
    }
    this.durableWaiters.dropAbove(index - 1);
    this.log.truncateFrom(index);
  }

  advanceCommitTo(index: number): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = Math.min(index, this.log.lastIndex);
    while (this.lastApplied < this.commitIndex) {
      const entry = this.log.entry(this.lastApplied + 1);
      if (entry === undefined) throw new Error(`entry ${this.lastApplied + 1} missing (log base ${this.log.baseIndex})`);
      this.lastApplied = entry.index;
      this.proposals.resolve(entry.index, entry.term, this.sm.apply(entry.command));
    }
    this.leadership?.reads.applied(this.lastApplied);
    takeSnapshotIfDue(this);
  }

  status(): NodeStatus {
    return {
      node: this.id,
      role: this.role,
      term: this.term,
      leader: this.leaderId,
      commitIndex: this.commitIndex,
      lastApplied: this.lastApplied,
      snapshotIndex: this.snapshots.latest?.index ?? 0,
      lastLogIndex: this.log.lastIndex,
      digest: this.sm.digest(),
      bugs: this.bugs.list(),
    };
  }
}
