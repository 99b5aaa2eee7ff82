import { describe, expect, it } from 'vitest';
import type { AppendRequest, LogEntry, PeerReply, PeerRequest, VoteRequest } from './protocol/messages.js';
import type { BugName } from './server/bugs.js';
import { FakePeer } from './test-support/fake-peer.js';
import { trackClusters, type RaftCluster } from './test-support/index.js';

const clusters = trackClusters();

function voteFor(candidate: string): VoteRequest {
  return { t: 'vote', term: 7, candidate, lastLogIndex: 0, lastLogTerm: 0 };
}

function appendFrom(leader: string, term: number, entries: LogEntry[]): AppendRequest {
  return { t: 'append', term, leader, prevIndex: 0, prevTerm: 0, entries, commit: 0, seq: 1 };
}

/** Sends one request to n1 as `from`, retrying while n1 is (re)starting. */
async function ask(cluster: RaftCluster, from: string, request: PeerRequest): Promise<PeerReply> {
  const node = cluster.node('n1');
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const peer = await FakePeer.connect(node.host, node.port, from);
      try {
        return await peer.ask(request);
      } finally {
        peer.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function askVote(cluster: RaftCluster, candidate: string): Promise<boolean> {
  const reply = await ask(cluster, candidate, voteFor(candidate));
  if (reply.t !== 'vote-r') throw new Error(`expected a vote reply, got ${JSON.stringify(reply)}`);
  expect(reply.term).toBe(7);
  return reply.granted;
}

describe('seeded bug forget-vote', () => {
  it.each<[string, BugName[], boolean]>([
    ['with the bug, a restarted node votes a second time in the same term', ['forget-vote'], true],
    ['without it, the vote survives the restart and a second candidate is refused', [], false],
  ])('%s', async (_title, bugs, secondVoteAfterRestart) => {
    // Only n1 runs, with an election timeout long enough that it never campaigns itself.
    const cluster = await clusters.start({ size: 3, startNodes: ['n1'], electionTimeoutMs: 20_000, bugs });
    expect(await askVote(cluster, 'n2')).toBe(true);
    expect(await askVote(cluster, 'n3')).toBe(false);

    await cluster.restart('n1');
    expect(await askVote(cluster, 'n3')).toBe(secondVoteAfterRestart);
  });

  it.each<[string, BugName[], { success: boolean; term: number }]>([
    ["with the bug, a restarted node takes a deposed leader's entry over a newer term's", ['forget-vote'], { success: true, term: 5 }],
    ['without it, the restarted node remembers the newer term and refuses the deposed leader', [], { success: false, term: 7 }],
  ])('%s', async (_title, bugs, answer) => {
    const cluster = await clusters.start({ size: 3, startNodes: ['n1'], electionTimeoutMs: 20_000, bugs });
    // n2 leads term 7 and gives n1 its first entry.
    const accepted = await ask(cluster, 'n2', appendFrom('n2', 7, [{ index: 1, term: 7, command: { op: 'write', key: 'x', value: 'new' } }]));
    expect(accepted).toMatchObject({ t: 'append-r', term: 7, success: true, match: 1 });

    await cluster.restart('n1');
    // n3 still believes it leads term 5, and holds another entry at index 1.
    const deposed = await ask(cluster, 'n3', appendFrom('n3', 5, [{ index: 1, term: 5, command: { op: 'write', key: 'x', value: 'old' } }]));
    expect(deposed).toMatchObject({ t: 'append-r', ...answer });
  });
});
