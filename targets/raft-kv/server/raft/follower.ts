import type { AppendReply, AppendRequest, PeerReply, SnapshotRequest } from '../../protocol/messages.js';
import type { RaftMember } from './member.js';
import { installSnapshot } from './snapshots.js';

// The follower's side of replication (Raft §5.3, §7). A success answer is sent only once the
// entries it vouches for are durable, because the leader counts it toward a commit.

export function handleAppend(node: RaftMember, request: AppendRequest, reply: (message: PeerReply) => void): void {
  const reject = (hint: number): void =>
    reply({
      t: 'append-r',
      term: node.term,
      success: false,
      match: 0,
      hint,
      prevIndex: request.prevIndex,
      entryCount: request.entries.length,
      seq: request.seq,
    });
  if (request.term < node.term) return reject(0);
  node.acceptLeader(request.term, request.leader);
  const log = node.log;
  let prevIndex = request.prevIndex;
  let entries = request.entries;
  if (prevIndex < log.baseIndex) {
    // Entries through the compaction point are committed, so they equal the leader's.
    entries = entries.slice(log.baseIndex - prevIndex);
    prevIndex = log.baseIndex;
    if (entries.length === 0) return succeed(node, request, request.prevIndex + request.entries.length, reply);
    // Only a seeded bug (a deposed leader accepted by a node that forgot its term) sends entries
    // older than the snapshot they would follow; they cannot be placed after it.
    if (entries[0].term < log.baseTerm) {
      node.logger.warn('entries-older-than-snapshot', { leader: request.leader, term: entries[0].term, snapshotTerm: log.baseTerm });
      if (!node.bugs.any) throw new Error(`leader ${request.leader} sent term ${entries[0].term} entries after a snapshot of term ${log.baseTerm}`);
      return reject(0);
    }
  } else {
    if (prevIndex > log.lastIndex) return reject(log.lastIndex + 1);
    if (log.term(prevIndex) !== request.prevTerm) {
      if (prevIndex <= node.commitIndex)
        node.logger.warn('committed-entry-conflict', { index: prevIndex, ours: log.term(prevIndex), leaders: request.prevTerm });
      return reject(log.firstIndexOfTerm(prevIndex));
    }
  }
  let first = 0;
  for (; first < entries.length; first++) {
    const entry = entries[first];
    if (entry.index > log.lastIndex) break;
    if (log.term(entry.index) !== entry.term) {
      node.truncateLogFrom(entry.index);
      break;
    }
  }
  if (first < entries.length) log.append(first === 0 ? entries : entries.slice(first));
  const lastNew = prevIndex + entries.length;
  if (request.commit > node.commitIndex) node.advanceCommitTo(Math.min(request.commit, lastNew));
  succeed(node, request, lastNew, reply);
}

function succeed(node: RaftMember, request: AppendRequest, match: number, reply: (message: PeerReply) => void): void {
  const answer = (upTo: number): void => {
    // A newer term since then means the leader that asked is gone; it learns the term elsewhere.
    if (node.term !== request.term) return;
    const message: AppendReply = {
      t: 'append-r',
      term: node.term,
      success: true,
      match: upTo,
      hint: 0,
      prevIndex: request.prevIndex,
      entryCount: request.entries.length,
      seq: request.seq,
    };
    reply(message);
  };
  // A heartbeat is answered at once (a ReadIndex round waits on it), vouching only for the
  // durable part of the matching prefix; new entries are vouched for once they are durable.
  if (request.entries.length === 0) answer(Math.min(match, node.log.durableIndex));
  else node.whenDurable(match, () => answer(match));
}

export function handleInstallSnapshot(node: RaftMember, request: SnapshotRequest, reply: (message: PeerReply) => void): void {
  if (request.term < node.term) return reply({ t: 'snap-r', term: node.term, match: 0, seq: request.seq });
  node.acceptLeader(request.term, request.leader);
  const snapshot = request.snapshot;
  if (snapshot.index > node.commitIndex) installSnapshot(node, snapshot);
  reply({ t: 'snap-r', term: node.term, match: snapshot.index, seq: request.seq });
}
