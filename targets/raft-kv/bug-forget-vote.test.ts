import { describe, expect, it } from 'vitest';
import type { VoteRequest } from './protocol/messages.js';
import type { BugName } from './server/bugs.js';
import { FakePeer } from './test-support/fake-peer.js';
import { trackClusters, type RaftCluster } from './test-support/index.js';

const clusters = trackClusters();

function voteFor(candidate: string): VoteRequest {
  return { t: 'vote', term: 7, candidate, lastLogIndex: 0, lastLogTerm: 0 };
}

async function askVote(cluster: RaftCluster, candidate: string): Promise<boolean> {
  const node = cluster.node('n1');
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const peer = await FakePeer.connect(node.host, node.port, candidate);
      try {
        const reply = await peer.ask(voteFor(candidate));
        if (reply.t !== 'vote-r') throw new Error(`expected a vote reply, got ${JSON.stringify(reply)}`);
        expect(reply.term).toBe(7);
        return reply.granted;
      } finally {
        peer.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
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
});
