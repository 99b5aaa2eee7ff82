import { monoNow } from '../clock.js';
import type { RaftMember } from './member.js';

// Commits are logged as a running summary about once a second, not one line per entry: at
// thousands of operations a second a per-entry line would bury the elections in noise.

const EVERY_MS = 1000;

export class CommitReporter {
  private lastIndex = 0;
  private lastAt = monoNow();

  constructor(private readonly node: RaftMember) {
    this.lastIndex = node.commitIndex;
  }

  report(): void {
    const now = monoNow();
    if (now - this.lastAt < EVERY_MS) return;
    const node = this.node;
    if (node.commitIndex !== this.lastIndex) {
      const rate = ((node.commitIndex - this.lastIndex) * 1000) / (now - this.lastAt);
      node.logger.info('commit', {
        index: node.commitIndex,
        applied: node.lastApplied,
        perSecond: Math.round(rate),
        term: node.term,
        role: node.role,
        lastLogIndex: node.log.lastIndex,
        pending: node.proposals.size,
      });
    }
    this.lastIndex = node.commitIndex;
    this.lastAt = now;
  }
}
