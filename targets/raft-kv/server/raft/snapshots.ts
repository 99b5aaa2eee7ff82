import type { Snapshot } from '../../protocol/messages.js';
import type { RaftMember } from './member.js';

// Log compaction (Raft §7): the state machine is saved as of lastApplied and the log before it
// is dropped, keeping a tail so that a follower a little behind still gets entries, not the
// whole snapshot.

export function takeSnapshotIfDue(node: RaftMember): void {
  const snapshotIndex = node.snapshots.latest?.index ?? 0;
  if (node.lastApplied - snapshotIndex < node.config.snapshotEvery) return;
  const term = node.log.term(node.lastApplied);
  if (term === undefined) return;
  node.snapshots.save({ index: node.lastApplied, term, data: node.sm.entries() });
  const retain = Math.min(1000, Math.floor(node.config.snapshotEvery / 2));
  node.log.compactTo(Math.max(node.log.baseIndex, node.lastApplied - retain));
  node.logger.info('snapshot', { index: node.lastApplied, term, keys: node.sm.size, logBase: node.log.baseIndex, lastLogIndex: node.log.lastIndex });
}

/** A follower replaces its state with the leader's snapshot (only ever one past its commit index). */
export function installSnapshot(node: RaftMember, snapshot: Snapshot): void {
  node.snapshots.save(snapshot);
  node.sm.restore(snapshot.data);
  node.log.resetAfterSnapshot(snapshot.index, snapshot.term);
  node.commitIndex = Math.max(node.commitIndex, snapshot.index);
  node.lastApplied = snapshot.index;
  node.durableWaiters.dropAbove(node.log.lastIndex);
  node.proposals.abandonThrough(snapshot.index, 'unknown: index covered by a snapshot from the leader');
  node.logger.info('snapshot-installed', { index: snapshot.index, term: snapshot.term, keys: snapshot.data.length, lastLogIndex: node.log.lastIndex });
}
