import type { VoteReply, VoteRequest } from '../../protocol/messages.js';
import { Leadership } from './leader.js';
import type { RaftMember } from './member.js';

// Leader election (Raft §5.2, §5.4.1): a vote goes to at most one candidate per term, and only
// to one whose log is at least as up to date as the voter's.

export function startElection(node: RaftMember): void {
  if (node.role === 'leader') return;
  node.setTermAndVote(campaignTermAfter(node), node.id);
  if (node.role !== 'candidate') node.logger.info('role', { from: node.role, to: 'candidate', term: node.term });
  node.role = 'candidate';
  node.setLeader(null);
  node.votes = new Set([node.id]);
  node.logger.info('election', { term: node.term, lastLogIndex: node.log.lastIndex, lastLogTerm: node.log.lastTerm });
  node.resetElectionTimer();
  if (node.votes.size >= node.quorum) {
    becomeLeader(node);
    return;
  }
  const request: VoteRequest = {
    t: 'vote',
    term: node.term,
    candidate: node.id,
    lastLogIndex: node.log.lastIndex,
    lastLogTerm: node.log.lastTerm,
  };
  for (const peer of node.peers) node.network.send(peer, request);
}

/**
 * The next term to campaign in. Correct nodes are never behind their own log; a node whose
 * term was forgotten (forget-vote) is, and numbers its campaign past its log's newest term so
 * that, should it win, its own entries stay in term order.
 */
function campaignTermAfter(node: RaftMember): number {
  if (node.bugs.has('forget-vote')) return Math.max(node.term, node.log.lastTerm) + 1;
  return node.term + 1;
}

export function handleVoteRequest(node: RaftMember, request: VoteRequest): VoteReply {
  node.observeTerm(request.term);
  const upToDate = request.lastLogTerm > node.log.lastTerm || (request.lastLogTerm === node.log.lastTerm && request.lastLogIndex >= node.log.lastIndex);
  const free = node.votedFor === null || node.votedFor === request.candidate;
  const granted = request.term === node.term && free && upToDate;
  if (granted) {
    node.setTermAndVote(node.term, request.candidate);
    node.resetElectionTimer();
  }
  node.logger.info('vote', {
    term: request.term,
    candidate: request.candidate,
    granted,
    why: granted ? undefined : request.term < node.term ? 'stale-term' : !free ? `voted-${node.votedFor}` : 'log-behind',
  });
  return { t: 'vote-r', term: node.term, granted };
}

export function handleVoteReply(node: RaftMember, from: string, reply: VoteReply): void {
  if (node.observeTerm(reply.term)) return;
  if (node.role !== 'candidate' || reply.term !== node.term || !reply.granted || node.votes === null) return;
  node.votes.add(from);
  if (node.votes.size >= node.quorum) becomeLeader(node);
}

function becomeLeader(node: RaftMember): void {
  node.logger.info('role', { from: node.role, to: 'leader', term: node.term, votes: [...(node.votes ?? [])].join(',') });
  node.role = 'leader';
  node.votes = null;
  node.setLeader(node.id);
  node.resetElectionTimer();
  node.leadership = new Leadership(node);
  node.leadership.start();
}
